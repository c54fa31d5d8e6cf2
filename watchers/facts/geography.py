"""Which region of China each province (and a few cities) lies in.

Used to read "Wuxi, in Jiangsu province" as placing Wuxi in eastern China. Regions are
the customary large ones: east, south, central, north, northeast, northwest, southwest.
Keys are lower-case English names, which are also the ids the bundled entities use.
"""

from __future__ import annotations

# key: (English name, Chinese name, region)
PROVINCES: dict[str, tuple[str, str, str]] = {
    "beijing": ("Beijing", "北京", "north"),
    "tianjin": ("Tianjin", "天津", "north"),
    "hebei": ("Hebei", "河北", "north"),
    "shanxi": ("Shanxi", "山西", "north"),
    "inner_mongolia": ("Inner Mongolia", "内蒙古", "north"),
    "liaoning": ("Liaoning", "辽宁", "northeast"),
    "jilin": ("Jilin", "吉林", "northeast"),
    "heilongjiang": ("Heilongjiang", "黑龙江", "northeast"),
    "shanghai": ("Shanghai", "上海", "east"),
    "jiangsu": ("Jiangsu", "江苏", "east"),
    "zhejiang": ("Zhejiang", "浙江", "east"),
    "anhui": ("Anhui", "安徽", "east"),
    "fujian": ("Fujian", "福建", "east"),
    "jiangxi": ("Jiangxi", "江西", "east"),
    "shandong": ("Shandong", "山东", "east"),
    "henan": ("Henan", "河南", "central"),
    "hubei": ("Hubei", "湖北", "central"),
    "hunan": ("Hunan", "湖南", "central"),
    "guangdong": ("Guangdong", "广东", "south"),
    "guangxi": ("Guangxi", "广西", "south"),
    "hainan": ("Hainan", "海南", "south"),
    "chongqing": ("Chongqing", "重庆", "southwest"),
    "sichuan": ("Sichuan", "四川", "southwest"),
    "guizhou": ("Guizhou", "贵州", "southwest"),
    "yunnan": ("Yunnan", "云南", "southwest"),
    "tibet": ("Tibet", "西藏", "southwest"),
    "shaanxi": ("Shaanxi", "陕西", "northwest"),
    "gansu": ("Gansu", "甘肃", "northwest"),
    "qinghai": ("Qinghai", "青海", "northwest"),
    "ningxia": ("Ningxia", "宁夏", "northwest"),
    "xinjiang": ("Xinjiang", "新疆", "northwest"),
}
# key: province key
CITIES: dict[str, str] = {
    "wuxi": "jiangsu",
    "suzhou": "jiangsu",
    "nanjing": "jiangsu",
    "hangzhou": "zhejiang",
    "chengdu": "sichuan",
    "shenzhen": "guangdong",
    "guangzhou": "guangdong",
    "wuhan": "hubei",
}
_BY_NAME = {name.lower(): key for key, (name, _, _) in PROVINCES.items()}
_BY_NAME.update({zh: key for key, (_, zh, _) in PROVINCES.items()})


def region_of(place: str) -> str:
    """The region of a province or listed city, by key, English or Chinese name ("")."""
    key = _BY_NAME.get(place.lower(), place.lower())
    key = CITIES.get(key, key)
    return PROVINCES[key][2] if key in PROVINCES else ""


def province_names() -> tuple[str, ...]:
    """Every province's English and Chinese name, longest first (for a pattern)."""
    names = [n for en, zh, _ in PROVINCES.values() for n in (en, zh)]
    return tuple(sorted(names, key=len, reverse=True))


def is_province(place: str) -> bool:
    """Whether ``place`` (key, English or Chinese name) is a province-level region."""
    return _BY_NAME.get(place.lower(), place.lower()) in PROVINCES
