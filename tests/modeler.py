"""Model Designer helpers for tests that build or run Processing models on several QGIS versions."""


def model_output_parameter(child_id: str, output_name: str, description: str, internal_version: int = 2) -> str:
    """Name of the model parameter (and result key) for a model output, as the running QGIS names it.

    Since QGIS 3.26 a model created by that version ("internal version 2") names each output parameter
    after the output's description (qgis/QGIS#47559: "Class table" -> "class_table"); QGIS 3.22, and a
    newer QGIS running a model saved without `internal_version` (version 1), use "child_id:output_name".
    """
    from qgis.core import Qgis, QgsProcessingModelAlgorithm

    if Qgis.QGIS_VERSION_INT >= 32600 and internal_version >= 2 and description:
        return QgsProcessingModelAlgorithm.safeName(description, False)
    return f"{child_id}:{output_name}"
