"""Rebuild ``dashboard/world_110m.geojson`` (not run by the app or the tests).

The committed file was made once from Natural Earth 1:110m "admin 0 countries"
(public domain, https://www.naturalearthdata.com), in the copy that the PyPI wheel
``geopandas==0.14.4`` ships as ``geopandas/datasets/naturalearth_lowres``::

    pip download --no-deps geopandas==0.14.4 pyshp -d /tmp/geo
    cd /tmp/geo && unzip -o geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    PYTHONPATH=pyshp-*.whl python -m dashboard.tools.build_worldmap \
        /tmp/geo/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Coordinates are rounded to 2 decimals (about 1 km, below the 110m scale's own
error) and only ``iso_a3`` and ``name`` are kept, so the file stays well under 1 MB.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "world_110m.geojson"

# Natural Earth leaves -99 where a sovereign code is disputed; the dashboard wants ISO3.
FIXES = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def _ring(ring: list, nd: int = 2) -> list | None:
    """Rounded ring without repeated points, closed; None when rounding collapsed it
    (plotly.js stops drawing every later feature at a ring of fewer than 4 points)."""
    pts: list[list[float]] = []
    for x, y, *_ in ring:
        p = [round(float(x), nd), round(float(y), nd)]
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len({tuple(p) for p in pts}) < 3:
        return None
    return [*pts, pts[0]]


def _polygon(rings: list, nd: int = 2) -> list | None:
    out = []
    for i, r in enumerate(rings):
        rr = _ring(r, nd)
        if rr is None:
            if i == 0:
                return None  # no exterior: drop the polygon
            continue  # a collapsed hole: drop the hole
        out.append(rr)
    return out


def _geometry(geom: dict, nd: int = 2) -> dict | None:
    if geom["type"] == "Polygon":
        poly = _polygon(geom["coordinates"], nd)
        return {"type": "Polygon", "coordinates": poly} if poly else None
    polys = [p for p in (_polygon(pp, nd) for pp in geom["coordinates"]) if p]
    if not polys:
        return None
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def build(shp: Path, out: Path = OUT) -> dict[str, Any]:
    import shapefile  # pyshp

    reader = shapefile.Reader(str(shp))
    fields = [f[0] for f in reader.fields[1:]]
    features = []
    for sr in reader.shapeRecords():
        rec = dict(zip(fields, sr.record, strict=False))
        name = str(rec.get("name", ""))
        iso = str(rec.get("iso_a3", "-99"))
        if iso == "-99":
            iso = FIXES.get(name, iso)
        if iso == "-99":
            continue
        geom = _geometry(sr.shape.__geo_interface__)
        if geom is None:
            continue
        features.append(
            {"type": "Feature", "id": iso, "properties": {"iso_a3": iso, "name": name}, "geometry": geom}
        )
    fc = {"type": "FeatureCollection", "features": features}
    out.write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
    return fc


if __name__ == "__main__":
    fc = build(Path(sys.argv[1]))
    print(f"{len(fc['features'])} countries -> {OUT} ({OUT.stat().st_size} bytes)")
