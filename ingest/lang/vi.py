"""Vietnamese: underthesea's word segmentation and part-of-speech tags (bundled in its wheel;
nothing is downloaded) give the proper nouns; the rest is the lexicon below.

Examples
--------
>>> [t.text for t in LEXICON.tokens("Chủ tịch Nguyễn Văn Tùng tiếp đoàn.") if t.proper]
['Nguyễn Văn Tùng']
>>> bool(LEXICON.cues["agreement"].search("hai bên ký kết biên bản ghi nhớ"))
True
>>> bool(LEXICON.cues["agreement"].search("Ông Nguyễn Văn Ký phát biểu"))  # a name, not "sign"
False
"""

from __future__ import annotations

import re

from ingest.lang import Lexicon, Token

__all__ = ["LEXICON"]

_CAP = "A-ZÀ-ỸĐ"


def tokens(text: str) -> list[Token]:
    """Words as underthesea segments and tags them, with their offsets in ``text``."""
    from underthesea import pos_tag  # loaded on first use: about 1 s, once per process

    out: list[Token] = []
    pos = 0
    for word, tag in pos_tag(text):
        start = text.find(word, pos)
        if start < 0:  # the tagger normalised the word: skip it, keep the offsets honest
            continue
        end = start + len(word)
        pos = end
        syllables = word.split(" ")
        cap = next((i for i, s in enumerate(syllables) if i and s[:1].isupper()), None)
        if tag not in {"Np", "Ny"} and cap is not None and not syllables[0][:1].isupper():
            # "thăm Belarus" tagged as one verb: the capitalised tail is a name of its own
            head = " ".join(syllables[:cap])
            out.append(Token(head, start, start + len(head), tag))
            start += len(head) + 1
            tag = "Np"
        elif (
            tag not in {"Np", "Ny"}
            and len(syllables) > 1
            and syllables[0][:1].isupper()
            and not any(x[:1].isupper() for x in syllables[1:])
            and not _sentence_start(text, start)
            and not _common_vi(syllables[0])
        ):
            # "Zzyzxville thăm" tagged as one word: a name nobody knows, then a verb
            head = syllables[0]
            out.append(Token(head, start, start + len(head), "Np"))
            start += len(head) + 1
            tag = "V"
        if tag == "Np" and not word[:1].isupper() and not text[start : start + 1].isupper():
            tag = "N"
        piece = text[start:end]
        kind = _PLACE_KIND.match(piece) if tag == "Np" else None
        if kind is not None and kind.end() < len(piece):
            # "Tỉnh Uppsala" tagged as one name: the kind of place, then its name
            out.append(Token(piece[: kind.end()].rstrip(), start, start + len(kind.group(1)), "N"))
            start += kind.end()
            piece = text[start:end]
        if tag == "Np" and re.search(rf"\w-[{_CAP}]", piece):
            # "Incheon-Hàn Quốc": a place and its country, joined by a hyphen
            for m in re.finditer(r"[^-]+", piece):
                out.append(Token(m.group(0), start + m.start(), start + m.end(), "Np"))
            continue
        out.append(Token(piece, start, end, tag))
    return out


_RECEIVED = (
    r"(?=\s+(?:[A-ZÀ-ỸĐ]|đoàn|phái đoàn|ông|bà|ngài|xã giao|và làm việc|các|lãnh đạo|"
    r"đại diện|cán bộ|đồng chí))"
)
""""tiếp" receives someone named next ("tiếp đoàn", "tiếp Đại sứ", "tiếp xã giao"); before
anything else it is "continue", "next" ("tiếp tục", "tiếp sau đó")."""

_PLACE_KINDS = (
    r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Bb]ang|[Vv]ùng(?: lãnh thổ)?|[Ll]ãnh thổ|[Qq]uận|[Hh]uyện|"
    r"[Tt]hủ đô)"
)
"""The words for a kind of place written before its name ("tỉnh", "vùng lãnh thổ")."""
_PLACE_KIND = re.compile(rf"({_PLACE_KINDS})\s+")


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“(")
    return not before or before[-1] in ".!?:;\n"


def _common_vi(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "vi") >= 3.0


def _words(*alternatives: str) -> str:
    return "|".join(sorted(alternatives, key=len, reverse=True))


_TITLES = _words(
    "Phó Chủ tịch Thường trực",
    "Phó Chủ tịch",
    "Chủ tịch",
    "Phó Bí thư Thường trực",
    "Phó Bí thư",
    "Bí thư Thứ nhất",
    "Bí thư",
    "Tổng Bí thư",
    "Thị trưởng",
    "Phó Thị trưởng",
    "Đại sứ",
    "Tổng Lãnh sự",
    "Lãnh sự",
    "Bộ trưởng",
    "Thứ trưởng",
    "Tổng Giám đốc",
    "Phó Tổng Giám đốc",
    "Phó Giám đốc",
    "Giám đốc",
    "Thống đốc",
    "Phó Thống đốc",
    "Tỉnh trưởng",
    "Phó Tỉnh trưởng",
    "Chủ nhiệm",
    "Trưởng ban",
    "Phó Trưởng ban",
    "Trưởng đoàn",
    "Phó Trưởng đoàn",
    "Tổng thống",
    "Thủ tướng",
    "Phó Thủ tướng",
    "Ủy viên Bộ Chính trị",
    "Ủy viên Trung ương Đảng",
    "Ủy viên",
    "Trưởng phòng",
    "Tham tán",
    "Tùy viên",
    "Hiệu trưởng",
    "Tổng Thư ký",
    "Trưởng Đại diện",
    "Chủ tịch nước",
    "Quận trưởng",
    "Huyện trưởng",
    "Thứ trưởng Bộ",
    "Đô trưởng",
    "Thống đốc tỉnh",
    "Tư lệnh",
    "Chỉ huy trưởng",
    "Hạm trưởng",
    "Công sứ",
    "Trưởng Ban",
    "Phó Trưởng Ban",
    "Thủ hiến",
)
_ORG_HEADS = _words(
    "Đại sứ quán",
    "Tổng Lãnh sự quán",
    "Lãnh sự quán",
    "Sở",
    "Bộ",
    "Ủy ban",
    "Uỷ ban",
    "Hiệp hội",
    "Phòng Thương mại",
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Trường Đại học",
    "Đại học",
    "Viện",
    "Trung tâm",
    "Ngân hàng",
    "Quỹ",
    "Liên hiệp",
    "Cơ quan",
    "Tổ chức",
    "Đảng",
    "Mạng lưới",
    "Hải quân",
    "Cục",
    "Văn phòng",
    "Hội đồng",
    "Hội hữu nghị",
    "Hội",
    "Ban",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Thành uỷ",
)

LEXICON = Lexicon(
    code="vi",
    tokens=tokens,
    titles=re.compile(rf"(?<!\w)(?:{_TITLES})(?!\w)"),
    honorifics=re.compile(
        r"(?<!\w)(?:[Oo]ng|[Ôô]ng|[Bb]à|[Nn]gài|[Đđ]ồng chí|[Nn]gười đứng đầu)(?!\w)"
    ),
    title_words=frozenset(
        [
            "pho",
            "chu",
            "tich",
            "bi",
            "thu",
            "thuong",
            "truc",
            "uy",
            "vien",
            "ban",
            "ubnd",
            "hdnd",
            "tp",
            "thanh",
            "pho",
            "tinh",
            "dang",
            "bo",
            "nhan",
            "dan",
            "uy",
            "ban",
            "hoi",
            "dong",
            "quoc",
            "hoi",
            "trung",
            "uong",
            "chinh",
            "tri",
            "truong",
            "dai",
            "su",
            "tong",
            "lanh",
            "su",
            "thi",
            "thu",
            "tuong",
            "giam",
            "doc",
            "so",
            "ngoai",
            "vu",
            "nuoc",
            "doan",
            "cong",
            "tac",
        ]
    ),
    org_before=re.compile(rf"(?<!\w)(?:{_ORG_HEADS})(?!\w)"),
    org_after=re.compile(r"(?!x)x"),  # Vietnamese names put the head first
    body_heads={"Company": re.compile(r"^(?:Tập đoàn|Tổng công ty|Công ty|Ngân hàng)")},
    home_bodies=re.compile(
        r"(?<!\w)(?:UBND|Ủy ban [Nn]hân dân|Uỷ ban [Nn]hân dân|HĐND|Hội đồng [Nn]hân dân|"
        r"Ban Thường vụ Thành ủy|Ban Thường vụ Tỉnh ủy|Thành ủy|Tỉnh ủy|Thành uỷ|Tỉnh uỷ|"
        r"lãnh đạo [Tt]hành phố|lãnh đạo tỉnh|Lãnh đạo [Tt]hành phố|Lãnh đạo tỉnh)"
        r"(?:\s+(?:thành phố|[Tt]ỉnh|TP\.?|Thành phố))?(?!\w)"
    ),
    cues={
        "visit": re.compile(
            r"(?<!\w)(?:chuyến thăm|thăm và làm việc|sang thăm|đến thăm|tới thăm|thăm|"
            r"chuyến công tác|làm việc với|làm việc tại|chào xã giao|chào|tiếp đón|đón tiếp|"
            rf"buổi tiếp|cuộc tiếp|tiếp{_RECEIVED}|đón|hội kiến|"
            r"đoàn công tác|đoàn đại biểu|dẫn đầu|cập cảng)(?!\w)"
        ),
        "meeting": re.compile(
            r"(?<!\w)(?:hội đàm|gặp gỡ|gặp|trực tuyến|hội nghị trực tuyến)(?!\w)"
        ),
        "agreement": re.compile(r"(?<!\w)(?:[Kk]ý kết|[Kk]í kết|ký|kí|kết nghĩa)(?!\w)"),
        "event": re.compile(
            r"(?<!\w)(?:[Hh]ội nghị|[Hh]ội thảo|[Dd]iễn đàn|[Tt]riển lãm|[Hh]ội chợ|[Tt]ọa đàm|"
            r"[Tt]oạ đàm|[Ll]ễ hội|Ngày [Vv]ăn hóa|Tuần [Vv]ăn hóa|Những ngày|[Ll]ễ kỷ niệm|[Ff]estival)(?!\w)"
        ),
        "investment": re.compile(
            r"(?<!\w)(?:trao|cấp|trao tặng)\s+(?:\S+\s+){0,3}?giấy chứng nhận (?:đăng ký )?đầu tư"
        ),
    },
    agreement_nouns=re.compile(
        r"(?:[Bb]iên bản ghi nhớ|[Bb]ản ghi nhớ|ghi nhớ|[Tt]hỏa thuận|[Tt]hoả thuận|[Hh]iệp định|"
        r"[Tt]hư ý định|[Cc]hương trình hợp tác|[Kk]ế hoạch|kết nghĩa|[Hh]ợp đồng|MOU|MoU|"
        r"văn kiện|[Bb]iên bản)"
    ),
    online=re.compile(r"(?<!\w)(?:trực tuyến|qua video|truyền hình)(?!\w)"),
    receive=re.compile(
        rf"(?<!\w)(?:tiếp đón|đón tiếp|đón|buổi tiếp|cuộc tiếp|tiếp{_RECEIVED})(?!\w)"
    ),
    # the passive names who receives: "B được A đón"; "vui mừng khi được đón đoàn" is the home
    # glad to receive, not received
    received_by=re.compile(r"(?<!\w)được\s+(?:(?!đón|tiếp)\S+\s+){1,8}?(?:đón|tiếp)(?!\w)"),
    travel_to=re.compile(
        r"(?<!\w)(?:sang thăm|đến thăm|tới thăm|thăm|làm việc tại|công tác tại|sang|tới|đến|tại)\s+"
        r"(?:(?:thành phố|tỉnh|thủ đô|TP\.?|nước|vùng|bang|quận|huyện)\s+)?"
    ),
    from_place=re.compile(
        r"(?<!\w)[Đđ]oàn\s+(?:công tác\s+|đại biểu\s+|cấp cao\s+)?(?:của\s+)?"
        r"(?:(?:thành phố|tỉnh|TP\.?|nước|vùng|bang|quận|huyện|UBND|Ủy ban [Nn]hân dân)\s+)*"
    ),
    planned=re.compile(
        r"(?<!\w)(?:sẽ|dự kiến|hướng tới|tiến tới|đề xuất|đề nghị|mong muốn|chuẩn bị|sắp tới|"
        r"mời|lời mời|kế hoạch tổ chức|có kế hoạch|xem xét)(?!\w)"
    ),
    both_sides=re.compile(
        r"(?<!\w)(?:[Hh]ai (?:bên|địa phương|tỉnh|thành phố|Thủ đô|thủ đô|phía))(?!\w)"
    ),
    planned_after=re.compile(
        r"[^.;]{0,90}?(?<!\w)(?:dự kiến|sẽ (?:diễn ra|được tổ chức)|sắp tới|trong thời gian tới)(?!\w)"
    ),
    signed_here=re.compile(r"(?<!\w)(?:tổ chức|chủ trì)\s+(?:[Ll]ễ\s+)?(?:ký|kí)(?!\w)"),
    resident=re.compile(
        r"(?<!\w)(?:Đại sứ|Tổng Lãnh sự|Lãnh sự|Tham tán|Tùy viên|Đại sứ quán|Lãnh sự quán)(?!\w)"
    ),
    witness=re.compile(r"(?<!\w)chứng kiến(?!\w)"),
    compass={
        "bac": ("North", "Northern"),
        "nam": ("South", "Southern"),
        "dong": ("East", "Eastern"),
        "tay": ("West", "Western"),
    },
    agreement_between=re.compile(
        r"(?:[Cc]hương trình hợp tác|[Bb]ản ghi nhớ(?: hợp tác)?|[Tt]h[ỏo]a thuận hợp tác|"
        r"[Kk]ế hoạch hợp tác)[^,.;]{0,40}?(?<!\w)giữa(?!\w)"
    ),
    side_meeting=re.compile(r"^\s*[Bb]ên lề\b|(?<!\w)chào xã giao(?!\w)"),
    documents=(
        ("letter of intent", re.compile(r"[Tt]hư ý định")),
        ("memorandum", re.compile(r"ghi nhớ|\bMoU\b|\bMOU\b")),
        ("plan", re.compile(r"[Kk]ế hoạch(?! tổ chức)")),
        ("programme", re.compile(r"[Cc]hương trình")),
        ("contract", re.compile(r"[Hh]ợp đồng")),
    ),
    speech=re.compile(
        r"(?<!\w)(?:cho biết|cho rằng|nói|khẳng định|nhấn mạnh|bày tỏ|đề nghị|đề xuất|thông tin|"
        r"thông báo|chia sẻ|phát biểu|cảm ơn|đánh giá|ghi nhận|chúc mừng|giới thiệu|trao đổi)(?!\w)"
    ),
    stop_names=frozenset({"anh", "thuc hien", "nguon"}),
    place_before=re.compile(rf"(?<!\w){_PLACE_KINDS}\s+$"),
    city_cue=re.compile(r"(?:thành phố|tỉnh|thủ đô|TP\.?|thị trấn|quận|huyện|vùng|bang)\s*$", re.I),
    of_place=re.compile(r"^của\s+(?:thành phố\s+|tỉnh\s+|TP\.?\s*)?"),
    state_form=re.compile(r"(?:[Cc]ộng hòa|[Cc]ộng hoà|[Ll]iên bang|[Vv]ương quốc)\s+$"),
    leaders=re.compile(r"^[Ll]ãnh đạo\s+"),
    body_words=re.compile(r"Ủy ban|UBND|Thành ủy|Tỉnh ủy|Sở"),
    occasion=re.compile(r"(?:Tại|Trong|Bên lề)\b(?!.{0,25}chuyến (?:đi|thăm|công tác))"),
    delegation_noun=re.compile(r"[Đđ]oàn (?:công tác|đại biểu)"),
    delegation_start=re.compile(r"\s*[Đđ]oàn\b"),
    listing=re.compile(r"\s*(?:bao gồm|gồm|như)\b"),
    organised=re.compile(r"tổ chức|chủ trì"),
    investment_words=re.compile(r"đầu tư|FDI|vốn", re.I),
    foreign_words=re.compile(r"FDI|nước ngoài", re.I),
    twinning=re.compile(r"kết nghĩa"),
    memorandum=re.compile(r"ghi nhớ|mou\b"),
    title_end=re.compile(r"[,;(]|\svà\s|\.\s*$"),
    after_name=re.compile(r"\s*(?:,[^,;]{1,120},\s*|\([^)]{1,60}\)\s*)?(?:(?:đã|cũng)\s+)?"),
    place_affix=re.compile(r"^(?:thành phố|tỉnh|TP\.?\s*)\s+", re.I),
    located_in=re.compile(r"tại\s+(?:(?:[Tt]ỉnh|[Tt]hành phố|TP\.?)\s*)?$"),
    event_kinds=(
        ("congress", re.compile(r"đại hội", re.I)),
        ("forum", re.compile(r"diễn đàn", re.I)),
        ("fair", re.compile(r"hội chợ", re.I)),
        ("exhibition", re.compile(r"triển lãm", re.I)),
        ("workshop", re.compile(r"hội thảo|tọa đàm|toạ đàm", re.I)),
        ("festival", re.compile(r"lễ hội|festival|ngày văn hóa|tuần văn hóa", re.I)),
        ("conference", re.compile(r"hội nghị", re.I)),
    ),
    name_joiners=frozenset({",", "và"}),
    name_of=frozenset({"của"}),
    mission_at=re.compile(r"\s+tại\s+(?:(?:[Tt]hành phố|[Tt]ỉnh|TP\.?)\s*)?"),
    place_gap=re.compile(r"\s*(?:tỉnh|thành phố|TP\.?)\s*"),
)
