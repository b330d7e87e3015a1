"""The catalogue: every measure the app knows, the statuses a figure can have, and the publications read.

One place for what a measure means (label, unit, period type, direction, caveats), used by the build (which
writes it out as ``measures.csv``, ``statuses.csv`` and ``sources.csv``) and by the file readers (which map an
official file's columns or lines to these measures). A new measure is declared here first.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.data.periods import PERIOD_TYPE_LABELS

OGL = "OGL-UK-3.0"

# ---------------------------------------------------------------------------------------------------------
# Sources. One row per publication (or per public copy of one) that figures were read from.
# ---------------------------------------------------------------------------------------------------------

EES = "https://explore-education-statistics.service.gov.uk/find-statistics"
# The publishers' own pages for the files users can download and import (see ``releases``); readers cite them too.
EHCP_PAGE = f"{EES}/education-health-and-care-plans"
SEN_PAGE = f"{EES}/special-educational-needs-in-england"
S251_PAGE = f"{EES}/la-and-school-expenditure"
DSG_PAGE = "https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-{0}-to-{1}"
DSG_SERVICE_PAGE = "https://skillsfunding.service.gov.uk/view-latest-funding/national-funding-allocations/DSG/{0}-to-{1}"
SEND_DASH = "https://github.com/dfe-analytical-services/SEND-AP-Inclusion-Dashboard/blob"
WITAN_2026 = "https://github.com/MastodonC/witan.send.benchmarking/blob/{}/resources/education-health-and-care-plans_2026/data/"
SOURCES: list[dict[str, str]] = [
    dict(source_id="dfe_ehcp_2026", publisher="Department for Education",
         title="Education, health and care plans, reporting year 2026",
         url=f"{EES}/education-health-and-care-plans", published="2026-06",
         copy_url=WITAN_2026.format("c55f2286f6c2bb26799bdfc1c2aed399a006e4dd") + "phase_transfers.csv",
         licence=OGL, notes="January 2026 caseload from phase_transfers.csv (number_plans), Lewisham's from caseload.csv; "
                            "2025 flows from requests.csv, timeliness_20_week.csv, newplans.csv. Copy read at commit "
                            "c55f2286 (phase_transfers, newplans) and b685d59f (the others). DfE marks withheld "
                            "figures x."),
    dict(source_id="dfe_ehcp_2025", publisher="Department for Education",
         title="Education, health and care plans, reporting year 2025 (caseload, new plans, timeliness, requests)",
         url=f"{EES}/education-health-and-care-plans/2025", published="2025-06-26",
         copy_url="https://github.com/MastodonC/witan.sen2/blob/104e12d6b2778f57fcc023a882ed2cf3ffac0e76/data/education-health-and-care-plans/education-health-and-care-plans_2025.zip",
         licence=OGL, notes="SEN2 person-level collection from 2023; DfE warns against comparing across the 2023 change."),
    dict(source_id="dfe_ehcp_2022", publisher="Department for Education",
         title="Education, health and care plans, reporting year 2022 (time series from January 2010)",
         url=f"{EES}/education-health-and-care-plans/2022", published="2022-06-23",
         copy_url="https://github.com/MastodonC/witan.sen2/blob/82489191a3b8c1023cecd9916fcb2df83cdaa083/data/education-health-and-care-plans/education-health-and-care-plans_2022.zip",
         licence=OGL, notes="Last release on the old LA-aggregate SEN2 collection; used for 2010-2018 (caseload) and 2014-2018 (flows)."),
    dict(source_id="moj_dfe_tribunal_2014_2024", publisher="Ministry of Justice and Department for Education",
         title="SEND Tribunals and appeal rate 2014-2024 (supporting file of the EHC plans 2025 release)",
         url=f"{EES}/education-health-and-care-plans/2025", published="2025-06-26",
         copy_url="https://github.com/MastodonC/witan.sen2/blob/104e12d6b2778f57fcc023a882ed2cf3ffac0e76/data/education-health-and-care-plans/education-health-and-care-plans_2025/supporting-files/SEND%20Tribunals%20and%20appeal%20rate%202014-2024.csv",
         licence=OGL, notes="Old method: appeals registered / (refusals + assessments without plan + January stock of plans + plans ceased)."),
    dict(source_id="moj_dfe_tribunal_2024_2025", publisher="Ministry of Justice and Department for Education",
         title="SEND appealable decisions rate 2024-2025 (supporting file of the EHC plans 2026 release)",
         url=f"{EES}/education-health-and-care-plans", published="2026-06",
         copy_url="https://github.com/MastodonC/witan.send.benchmarking/blob/b685d59fe7a51edcdc059ed22ae18d03877c8be8/resources/education-health-and-care-plans_2026/supporting-files/SEND%20appealable%20decisions%20rate%202024-2025.csv",
         licence=OGL, notes="New method counts annual reviews completed in the year instead of the January stock; not comparable with the old method."),
    dict(source_id="dfe_lait_sen_pupils", publisher="Department for Education",
         title="Special educational needs in England (January census), as held in DfE's Local Authority Interactive Tool data file",
         url=f"{EES}/special-educational-needs-in-england", published="2025-06-12",
         copy_url="https://github.com/dfe-analytical-services/local-authority-interactive-tool/blob/2e30e3959a6ab8b2d22941b84764da41a40ac91b/01_data/02_prod/bds_long_0.parquet",
         licence=OGL, notes="Pupils in state-funded, independent and hospital schools, by the LA where the school is."),
    dict(source_id="ons_mye_2019", publisher="Office for National Statistics",
         title="Mid-2019 population estimates (MYE2, persons, single year of age), April 2019 geography",
         url="https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland",
         published="2020-06-24",
         copy_url="https://github.com/humaniverse/demographr/blob/c6210a3a68721dd81fbed0fa05baa1cd637ebd02/data/population19_utla19.rda",
         licence=OGL, notes="Pre-Census-2021 series, later revised by ONS. Age bands summed from single years."),
    dict(source_id="ons_mye_2020", publisher="Office for National Statistics",
         title="Mid-2020 population estimates (MYE2, persons, single year of age), April 2021 geography",
         url="https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland",
         published="2021-06-25",
         copy_url="https://github.com/humaniverse/demographr/blob/c6210a3a68721dd81fbed0fa05baa1cd637ebd02/data/population20_utla20.rda",
         licence=OGL, notes="Pre-Census-2021 series, later revised by ONS. Northamptonshire is absent from the processed table."),
    dict(source_id="dfe_dsg_2019_20", publisher="Department for Education (ESFA)",
         title="Dedicated schools grant (DSG): 2019 to 2020, allocations summary (DfE amalgamated copy)",
         url="https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2019-to-2020", published="",
         copy_url=f"{SEND_DASH}/3a80b0d8c227574d6b0bc6c4a556e174c3f78609/data/finance/hardcoded_data_keep/dedicated-schools-grant.ods",
         licence=OGL, notes="Published in GBP million with decimals; converted to pounds and rounded. Version date not stated."),
    dict(source_id="dfe_dsg_2020_21", publisher="Department for Education (ESFA)",
         title="Dedicated schools grant (DSG): 2020 to 2021, allocations summary (version of 18 November 2021)",
         url="https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2020-to-2021", published="2021-11-18",
         copy_url=f"{SEND_DASH}/3a80b0d8c227574d6b0bc6c4a556e174c3f78609/data/finance/",
         licence=OGL, notes=""),
    dict(source_id="dfe_dsg_2021_22", publisher="Department for Education (ESFA)",
         title="Dedicated schools grant (DSG): 2021 to 2022, allocations summary (version of 18 July 2022)",
         url="https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2021-to-2022", published="2022-07-18",
         copy_url=f"{SEND_DASH}/3a80b0d8c227574d6b0bc6c4a556e174c3f78609/data/finance/",
         licence=OGL, notes=""),
    dict(source_id="dfe_dsg_2022_23", publisher="Department for Education (ESFA)",
         title="Dedicated schools grant (DSG): 2022 to 2023, allocations summary (version of 20 July 2023)",
         url="https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2022-to-2023", published="2023-07-20",
         copy_url=f"{SEND_DASH}/3a80b0d8c227574d6b0bc6c4a556e174c3f78609/data/finance/",
         licence=OGL, notes=""),
    dict(source_id="dfe_dsg_2023_24", publisher="Department for Education (ESFA)",
         title="Dedicated schools grant (DSG): 2023 to 2024, allocations summary (in-year version of 20 July 2023)",
         url="https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-2023-to-2024", published="2023-07-20",
         copy_url=f"{SEND_DASH}/3a80b0d8c227574d6b0bc6c4a556e174c3f78609/data/finance/",
         licence=OGL, notes="A later 2023-24 version totals GBP 9,953,984,391 before deductions (this one: 9,952,172,126)."),
    dict(source_id="dfe_send_dashboard_dsg", publisher="Department for Education",
         title="SEND and AP inclusion dashboard: DSG cumulative balance as a % of total DSG, and the DSG totals it divides by",
         url=f"{SEND_DASH}/1b3c1267506bc8aefe403ea61cdfb9d17ec0feb6/data/finance/dsg_deficit_derived.xlsx",
         published="2024-01-09",
         copy_url=f"{SEND_DASH}/1b3c1267506bc8aefe403ea61cdfb9d17ec0feb6/data/finance/DSG_by_year_dr.xlsx",
         licence=OGL, notes="Section 251 outturn line 1.9.3 (DSG carried forward) divided by total DSG before recoupment; negative = deficit."),
    dict(source_id="dfe_s251_outturn_2023_24", publisher="Department for Education",
         title="LA and school expenditure 2023-24, s251 outturn line 1.9.3 'DSG carried forward to next year' (column extract by a third party)",
         url=f"{EES}/la-and-school-expenditure", published="",
         copy_url="https://github.com/Kali89/la-send-analysis/blob/3032da74532d22d63ffb8624c098c7cf2adc7c78/outputs/tables/la_summary_2024_extended.csv",
         licence=OGL, notes="Values read from a third-party extract; sign reversed so that negative = deficit (checked against five councils' own figures)."),
    dict(source_id="hmt_gdp_deflators_2026_03", publisher="HM Treasury",
         title="GDP deflators at market prices, and money GDP March 2026 (Quarterly National Accounts)",
         url="https://www.gov.uk/government/statistics/gdp-deflators-at-market-prices-and-money-gdp-march-2026-quarterly-national-accounts",
         published="2026-03-31",
         copy_url="https://github.com/ncl-icb-analytics/dbt-ncl-analytics/blob/b2a106112364edbd036c78f125855456252b3d1f/seeds/uk_cost_indices.csv",
         licence=OGL, notes="Base 2024-25 = 100. Outturn years only; forecast years not published as an index."),
    dict(source_id="dfe_lait_statistical_neighbours", publisher="Department for Education",
         title="Children's services statistical neighbour benchmarking: May 2025 and April 2021 lists (LAIT)",
         url="https://github.com/dfe-analytical-services/local-authority-interactive-tool/blob/b3494e3d664dd68c9412e12f6a40c7bf975282d0/01_data/02_prod/sn_may_2025.xlsx",
         published="2025-05-28", copy_url="", licence=OGL, notes=""),
    dict(source_id="dfe_geography", publisher="Department for Education",
         title="dfeR geography lookup and LAIT LA code list (DfE and ONS codes, names, regions)",
         url="https://github.com/dfe-analytical-services/dfeR/blob/f54528a11ccc7f8b4e582146ac19535f23e41b94/data/geo_hierarchy.rda",
         published="2025-09-29",
         copy_url="https://github.com/dfe-analytical-services/local-authority-interactive-tool/blob/c35a878913bd539c51bd57e2eafbd34811db10f2/01_data/02_prod/la_code_list.xlsx",
         licence=OGL, notes=""),
    dict(source_id="f40_lga_2024", publisher="f40 group (annual report to the LGA Board)",
         title="f40 - annual report to LGA Board 2024: member authorities as of 1 April 2024",
         url="https://www.local.gov.uk/about/our-meetings-and-leadership/special-interest-groups/f40-annual-report-lga-board-2024",
         published="2024", copy_url="", licence="", notes="Membership changes from year to year."),
    dict(source_id="odi_hexmap", publisher="Open Innovations (ODI Leeds)",
         title="Hex map of UK upper-tier local authorities (2020 geography)",
         url="https://github.com/odileeds/hexmaps/blob/gh-pages/maps/uk-upper-tier-local-authorities.hexjson",
         published="2020-10-30", copy_url="", licence="MIT", notes="Councils created since 2020 are placed by this project next to their predecessor's hex."),
]


# ---------------------------------------------------------------------------------------------------------
# Measures: what each series means. One row per (measure, variant).
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """One series: a measure and its variant (the basis or method; empty when it has one), and what it means."""

    measure: str
    variant: str
    label: str
    variant_label: str
    unit: str            # count | gbp | pct | persons
    period_type: str     # january | calendar_year | financial_year | mid_year | financial_year_end
    direction: str       # higher_is_better | lower_is_better | neutral
    theme: str           # funding | deficit | demand | context | spending
    caveats: str
    description: str

    @property
    def full_label(self) -> str:
        return f"{self.label} ({self.variant_label})" if self.variant_label else self.label

    @property
    def period_label(self) -> str:
        return PERIOD_TYPE_LABELS[self.period_type]


MEASURES = [
    Measure("ehc_plans", "", "EHC plans", "", "count", "january", "neutral", "demand",
            "Counts EHC plans and, before 2019, statements of SEN maintained by the council at the January census "
            "(ages 0-25, every setting). SEN2 moved to person-level returns in 2023: DfE advises caution comparing across that change.",
            "Education, health and care plans (and statements of SEN) maintained by the council in January."),
    Measure("new_ehc_plans", "", "New EHC plans", "", "count", "calendar_year", "neutral", "demand",
            "2014 covers September to December only (the reforms began 1 September 2014). 2015 and 2017 come from the "
            "2022 release's management-information file.",
            "EHC plans made for the first time during the calendar year."),
    Measure("pct_issued_within_20_weeks", "", "New EHC plans issued within 20 weeks", "excluding exception cases",
            "pct", "calendar_year", "higher_is_better", "demand",
            "Excludes cases where the law allows longer. Councils that classed every plan as an exception have no figure.",
            "Share of new EHC plans (excluding exceptions) issued within the statutory 20 weeks."),
    Measure("assessment_requests", "", "Requests for an EHC needs assessment", "", "count", "calendar_year", "neutral",
            "demand", "Not collected before 2016. 2023 onwards from person-level SEN2.",
            "Initial requests for an education, health and care needs assessment received in the calendar year."),
    Measure("assessment_refusals", "", "Requests refused (decided not to assess)", "", "count", "calendar_year",
            "neutral", "demand", "2014 covers September to December only.",
            "Initial requests where the council decided not to carry out an assessment."),
    Measure("tribunal_appeal_rate_pct", "old_method", "SEND Tribunal appeal rate", "old method (to 2024)", "pct",
            "calendar_year", "neutral", "demand",
            "Appeals registered as a % of appealable decisions counted the old way (refusals, assessments without a "
            "plan, the January stock of plans, plans ceased). Not comparable with the new method: never join the two.",
            "SEND Tribunal appeals registered as a percentage of appealable decisions (old method)."),
    Measure("tribunal_appeal_rate_pct", "new_method", "SEND Tribunal appeal rate", "new method (from 2024)", "pct",
            "calendar_year", "neutral", "demand",
            "The new method counts annual reviews completed in the year instead of the January stock of plans; "
            "nationally it roughly doubles the rate (6.1% against 3.2% in 2024). Not comparable with the old method.",
            "SEND Tribunal appeals registered as a percentage of appealable decisions (new method)."),
    Measure("pct_pupils_with_ehc_plan", "", "Pupils with an EHC plan", "", "pct", "january", "neutral", "demand",
            "Pupils in schools located in the council's area; EHC plan counts are by the council that maintains the plan "
            "and include ages 0-25 outside school, so the two populations differ.",
            "Percentage of pupils (state-funded, independent and hospital schools) with an EHC plan or statement."),
    Measure("pct_pupils_sen_support", "", "Pupils on SEN support", "", "pct", "january", "neutral", "demand",
            "Pupils in schools located in the council's area.",
            "Percentage of pupils on SEN support (special educational needs without an EHC plan)."),
    Measure("pupils_with_ehc_plan", "", "Number of pupils with an EHC plan", "", "count", "january", "neutral",
            "demand",
            "Pupils in schools located in the council's area, so not the council's own count of the plans it maintains "
            "(that is 'EHC plans', ages 0-25 in every setting).",
            "Pupils (state-funded, independent and hospital schools) with an EHC plan or statement at the January census."),
    Measure("pupils_sen_support", "", "Number of pupils on SEN support", "", "count", "january", "neutral", "demand",
            "Pupils in schools located in the council's area.",
            "Pupils on SEN support (special educational needs without an EHC plan) at the January census."),
    Measure("high_needs_block_gbp", "before_deductions", "High needs block", "before deductions", "gbp",
            "financial_year", "neutral", "funding",
            "The formula allocation the council attracts, before academy recoupment and places DfE funds directly. "
            "An allocation, not spending; allocations are revised during the year. Compare councils on one basis only.",
            "Dedicated Schools Grant high needs block allocation before academy recoupment and deductions (column C of DfE's allocations summary)."),
    Measure("high_needs_block_gbp", "after_deductions", "High needs block", "after deductions", "gbp",
            "financial_year", "neutral", "funding",
            "What DfE pays the council after removing academy and other directly funded high needs places. "
            "Compare councils on one basis only.",
            "Dedicated Schools Grant high needs block allocation after recoupment and deductions (column H of DfE's allocations summary)."),
    Measure("dsg_allocation_gbp", "", "Total Dedicated Schools Grant", "", "gbp", "financial_year", "neutral", "funding",
            "All four blocks before recoupment; the figure DfE divides by for the DSG balance percentage.",
            "Total DSG allocation before academy recoupment (schools, central, high needs and early years blocks)."),
    Measure("dsg_balance_gbp", "", "Cumulative DSG balance", "", "gbp", "financial_year_end", "higher_is_better",
            "deficit",
            "Negative = deficit. Section 251 outturn line 1.9.3 (DSG carried forward) at 31 March. 2019-20 to 2021-22 are "
            "derived from DfE's rounded percentage (accurate to about 0.005% of DSG). May differ from a council's own accounts.",
            "Cumulative Dedicated Schools Grant balance carried forward at 31 March (negative = deficit)."),
    Measure("dsg_balance_pct_of_dsg", "", "DSG balance as % of DSG", "", "pct", "financial_year_end",
            "higher_is_better", "deficit",
            "Negative = deficit. DfE's measure for choosing safety valve councils. 2023-24 is derived here with DfE's "
            "method (s251 line 1.9.3 / total DSG).",
            "Cumulative DSG balance at 31 March as a percentage of the year's total DSG (negative = deficit)."),
    Measure("population_0_25", "", "Population aged 0-25", "", "persons", "mid_year", "neutral", "context",
            "ONS mid-year estimates from the series before the 2021 Census rebasing; only mid-2019 and mid-2020 are bundled.",
            "Resident population aged 0 to 25 (ONS mid-year estimate)."),
    Measure("population_2_18", "", "Population aged 2-18", "", "persons", "mid_year", "neutral", "context",
            "ONS mid-year estimates from the series before the 2021 Census rebasing; only mid-2019 and mid-2020 are bundled.",
            "Resident population aged 2 to 18 (ONS mid-year estimate)."),
    # The spending side: DfE's section 251 outturn, imported from the EES file (not in the bundle until then).
    Measure("high_needs_outturn_gbp", "", "High needs outturn", "", "gbp", "financial_year", "neutral", "spending",
            "What the council reports it spent from its high needs budget (net), the sum of s251 lines 1.0.2, "
            "1.2.1-1.2.9, 1.2.11 and 1.2.13, the lines DfE's financial benchmarking tool adds up as total high needs. "
            "Derived only where every line has a figure. Spending, not the allocation: compare with the high needs block.",
            "Total high needs outturn: net expenditure on the high needs lines of the council's section 251 outturn."),
    Measure("high_needs_outturn_line_gbp", "line_1_0_2", "High needs outturn by line", "1.0.2 place funding in schools' budgets",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.0.2 as the council reported it; line wording changes between years, the code does not.",
            "High needs place funding within the Individual Schools Budget (maintained schools and academies): net expenditure in the council's section 251 outturn (line 1.0.2)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_1", "High needs outturn by line", "1.2.1 top-up funding: maintained schools",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.1 as the council reported it; line wording changes between years, the code does not.",
            "Top-up funding to maintained schools: net expenditure in the council's section 251 outturn (line 1.2.1)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_2", "High needs outturn by line", "1.2.2 top-up funding: academies, free schools and colleges",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.2 as the council reported it; line wording changes between years, the code does not.",
            "Top-up funding to academies, free schools and colleges: net expenditure in the council's section 251 outturn (line 1.2.2)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_3", "High needs outturn by line", "1.2.3 top-ups: independent and non-maintained providers",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.3 as the council reported it; line wording changes between years, the code does not.",
            "Top-up and other funding to non-maintained and independent providers: net expenditure in the council's section 251 outturn (line 1.2.3)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_4", "High needs outturn by line", "1.2.4 additional targeted funding for mainstream schools",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.4 as the council reported it; line wording changes between years, the code does not.",
            "Additional high needs targeted funding for mainstream schools and academies: net expenditure in the council's section 251 outturn (line 1.2.4)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_5", "High needs outturn by line", "1.2.5 SEN support services",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.5 as the council reported it; line wording changes between years, the code does not.",
            "SEN support services: net expenditure in the council's section 251 outturn (line 1.2.5)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_6", "High needs outturn by line", "1.2.6 hospital education",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.6 as the council reported it; line wording changes between years, the code does not.",
            "Hospital education services: net expenditure in the council's section 251 outturn (line 1.2.6)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_7", "High needs outturn by line", "1.2.7 other alternative provision",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.7 as the council reported it; line wording changes between years, the code does not.",
            "Other alternative provision services: net expenditure in the council's section 251 outturn (line 1.2.7)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_8", "High needs outturn by line", "1.2.8 support for inclusion",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.8 as the council reported it; line wording changes between years, the code does not.",
            "Support for inclusion: net expenditure in the council's section 251 outturn (line 1.2.8)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_9", "High needs outturn by line", "1.2.9 special schools and PRUs in financial difficulty",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.9 as the council reported it; line wording changes between years, the code does not.",
            "Special schools and PRUs in financial difficulty: net expenditure in the council's section 251 outturn (line 1.2.9)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_11", "High needs outturn by line", "1.2.11 direct payments (SEN and disability)",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.11 as the council reported it; line wording changes between years, the code does not.",
            "Direct payments (SEN and disability): net expenditure in the council's section 251 outturn (line 1.2.11)."),
    Measure("high_needs_outturn_line_gbp", "line_1_2_13", "High needs outturn by line", "1.2.13 therapies and other health-related services",
            "gbp", "financial_year", "neutral", "spending",
            "Net expenditure on s251 outturn line 1.2.13 as the council reported it; line wording changes between years, the code does not.",
            "Therapies and other health related services: net expenditure in the council's section 251 outturn (line 1.2.13)."),
    Measure("high_needs_outturn_pct_of_hnb", "", "High needs outturn as % of allocation", "", "pct", "financial_year",
            "neutral", "spending",
            "Derived when DfE's s251 outturn file is imported: total high needs outturn divided by the high needs block "
            "after deductions for the same year (the allocation the council itself receives; academy places DfE funds "
            "directly are outside both). Above 100% the council spent more than its allocation.",
            "High needs outturn as a percentage of the council's high needs block allocation after deductions."),
]

# Figures that may pass 100% (a share of an allocation, not of a whole): the importers' and the layer checks' limit.
LARGEST_PCT = {"high_needs_outturn_pct_of_hnb": 1000.0}

# What a missing value means. The app shows the reason instead of a number.
STATUSES = {
    "published": "Published figure.",
    "derived": "Derived by this project from published figures (formula in the note).",
    "not_published": "Not published for this council and period (blank or marker in the source).",
    "suppressed": "Suppressed or not available in the source (DfE marker x or ..).",
    "not_collected": "Not collected for this period.",
    "council_did_not_exist": "The council did not exist in this period.",
    "not_in_sources": "Not in the sources bundled with this release (see data/README.md).",
}

MEASURE_BY_KEY = {(m.measure, m.variant): m for m in MEASURES}


def measure(measure_id: str, variant: str = "") -> Measure:
    """The catalogue entry of a (measure, variant); KeyError for one the catalogue does not declare."""
    return MEASURE_BY_KEY[(measure_id, variant)]
