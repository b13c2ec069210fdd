"""`{% load maps %}{% point_map … %}`: the site's map component (see `core.maps`).

- To place a point in a form: `{% point_map form=form %}` (the form's `latitude`,
  `longitude`, and `address` and `commune` fields when it has them; `address="place"`
  names another address field), or, for fields written by hand, `{% point_map
  latitude_id=… longitude_id=… latitude=value longitude=value %}`. Clicking the map fills
  them, typing an address proposes the known ones; without JavaScript the fields stay and
  the server finds the address.
- To show shares by commune (a consultation's map points): `{% commune_shares bars %}`,
  with bars of `label` (the commune's name) and `percent`.
- To show places: `{% point_map places=reports source=url %}` (anything with `latitude`
  and `longitude`; `title` and `get_absolute_url` make each a link; `source`, a GeoJSON
  URL, feeds the detailed map when tiles are configured); `place=event` shows one place,
  the page's own.
"""

import math

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


@register.inclusion_tag("core/map.html", takes_context=True)
def point_map(context, form=None, places=(), place=None, source="", address="address", title="",
              latitude_id="", longitude_id="", latitude="", longitude=""):
    base = maps.base_map()
    if base is None:
        return {"base": None}
    tiles = maps.map_options()
    if tiles:
        maps.allow_tiles(context.get("request"))
    shown = maps.markers(base, places, links=True)
    if place is not None:
        shown += maps.markers(base, [place], links=False)
    context = {"base": base, "tiles": tiles, "source": source, "title": title,
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


SHARE_LEVELS = 4


@register.inclusion_tag("core/map_shares.html")
def commune_shares(bars, title=""):
    """The communes shaded by their share (0 to SHARE_LEVELS, the darkest for the largest
    share), each with its figure in its title; the figures are also in the page's table."""
    base = maps.base_map()
    if base is None:
        return {"base": None}
    shares = {bar.label: bar for bar in bars}
    top = max((bar.percent for bar in bars), default=0) or 1
    shapes = [
        {"shape": shape, "bar": shares.get(shape.name),
         "level": math.ceil(SHARE_LEVELS * shares[shape.name].percent / top)
         if shape.name in shares else 0}
        for shape in base.shapes
    ]
    return {"base": base, "shapes": shapes, "title": title, "map_id": f"shares-{id(bars)}"}
