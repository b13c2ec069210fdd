"""Back office of the IT footprint: the inventory (imported from the asset management's CSV
export, or kept by hand) and the emission factors with their source and version."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.core.admin import CsvImport, allowed_to
from parvis.footprint import services
from parvis.footprint.models import EmissionFactor, Equipment
from parvis.footprint.permissions import can_manage_inventory

InventoryManagers = allowed_to(can_manage_inventory)


@admin.register(EmissionFactor)
class EmissionFactorAdmin(InventoryManagers, admin.ModelAdmin):
    list_display = ["category", "manufacture_kg", "refurbished_kg", "use_kg_per_year",
                    "version", "published_on", "source"]
    list_filter = ["category", "version"]


@admin.register(Equipment)
class EquipmentAdmin(CsvImport, InventoryManagers, admin.ModelAdmin):
    list_display = ["reference", "category", "model", "acquired_on", "refurbished",
                    "retired_on", "outcome", "working"]
    list_filter = ["category", "refurbished", "outcome"]
    search_fields = ["reference", "model"]
    date_hierarchy = "acquired_on"
    exclude = ["updated_at"]
    import_title = gettext_lazy("Importer l'inventaire (CSV)")
    import_columns = (*services.COLUMNS, *services.OPTIONAL)
    import_explanation = gettext_lazy(
        "Une ligne par équipement, repéré par sa référence (un équipement déjà inscrit est mis"
        " à jour). Catégories : portable, fixe, écran, smartphone, tablette. Dates : 2025-12-31"
        " ou 31/12/2025. Reconditionné et en état : oui ou non. Devenir : réemploi,"
        " reconditionnement ou recyclage.")

    def import_file(self, data, user):
        counts = services.import_inventory(data, user)
        return _("Inventaire importé : %(created)d équipement(s) ajouté(s), %(updated)d mis à"
                 " jour.") % counts
