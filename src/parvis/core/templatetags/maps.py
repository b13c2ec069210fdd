"""`{% load maps %}{% point_map … %}`: the site's map component (see `core.maps`).

- To place a point in a form: `{% point_map form=form %}` (the form's `latitude`,
  `longitude`, and `address` and `commune` fields when it has them; `address="place"`
  names another address field), or, for fields written by hand, `{% point_map
  latitude_id=… longitude_id=… latitude=value longitude=value %}`. Clicking the map fills
  them, typing an address proposes the known ones; without JavaScript the fields stay and
  the server finds the address.
- To show places: `{% point_map places=reports source=url %}` (anything with `latitude`
  and `longitude`; `title` and `get_absolute_url` make each a link; `source`, a GeoJSON
  URL, feeds the detailed map when tiles are configured); `place=event` shows one place,
  the page's own.
"""

from django import template

from parvis.core import maps

register = template.Library()


def _number(value) -> float | None:
    try:
        return float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None


def _field(form, name: str):
    return form[name] if form is not None and name in form.fields else None


@register.inclusion_tag("core/map.html")
def point_map(form=None, places=(), place=None, source="", address="address", title="",
              latitude_id="", longitude_id="", latitude="", longitude=""):
    base = maps.base_map()
    if base is None:
        return {"base": None}
    shown = maps.markers(base, places, links=True)
    if place is not None:
        shown += maps.markers(base, [place], links=False)
    context = {"base": base, "tiles": maps.map_options(), "source": source, "title": title,
               "markers": shown, "pick": form is not None or bool(latitude_id)}
    if form is not None:
        latitude_id, longitude_id = form["latitude"].auto_id, form["longitude"].auto_id
        latitude, longitude = form["latitude"].value(), form["longitude"].value()
        address_field, commune_field = _field(form, address), _field(form, "commune")
        context.update(address_id=address_field.auto_id if address_field else "",
                       commune_id=commune_field.auto_id if commune_field else "")
    if context["pick"]:
        point = (_number(latitude), _number(longitude))
        if None not in point:
            x, y = base.projection.point(*point)
            context["point"] = {"x": round(x, 1), "y": round(y, 1)}
        context.update(map_id=f"map-{latitude_id}", latitude_id=latitude_id,
                       longitude_id=longitude_id)
    else:
        context["map_id"] = f"map-{id(places)}"
    return context
