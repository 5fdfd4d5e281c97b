"""The announcement's confidentiality statement names the institute that collects the data."""

from __future__ import annotations

from escadesk.domain.confidentiality import CONFIDENTIALITY_NOTICE, confidentiality_notice


def test_the_announcements_wording_by_default():
    assert confidentiality_notice() == CONFIDENTIALITY_NOTICE
    assert CONFIDENTIALITY_NOTICE.startswith(
        "All collected data and information shared during the workshop and any reports "
        "produced are treated with absolute confidentiality by ESCA"
    )
    assert (
        "All registration information collected by the Institute for Competitiveness & "
        "Prosperity will be treated with absolute confidentiality by the Institute and will "
        "not be made available to any third party." in CONFIDENTIALITY_NOTICE
    )


def test_another_host_institute_is_named():
    notice = confidentiality_notice("Centre for Cluster Studies")

    assert "collected by the Centre for Cluster Studies will be treated" in notice
    assert "Competitiveness" not in notice
