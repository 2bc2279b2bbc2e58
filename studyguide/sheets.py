"""The cheat sheets: one small entry per sheet, in the order they are listed.

A sheet is a title, the areas whose overview pages link it, and its blocks in
reading order: `Table(id, columns=..., rows=..., transpose=...)` for a comparison
of data/comparisons.yml (pick columns by key and rows by name, as the
`comparison` macro does) and `Facts(id)` for a fact list. Runs of tables are laid
out in a grid, runs of fact lists in columns. Adding a sheet is adding an entry.

An id the data file lacks is an error naming the sheet and the id; while the data is
being written, `python3 tasks.py pdf --allow-missing` skips it with a notice. The PDFs
themselves are made by the print pipeline (`cheatsheets/`); the site links them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Table:
    """A comparison of the data file, optionally with picked columns (keys) and rows (names).

    `width`: "full" or "half"; by default half (two tables side by side) when that
    does not make the table much taller.
    """

    id: str
    columns: tuple[str, ...] | None = None
    rows: tuple[str, ...] | None = None
    transpose: bool = False
    width: Literal["full", "half"] | None = None


@dataclass(frozen=True)
class Facts:
    """A fact list of the data file (key facts, exam cues, gotchas, numbers)."""

    id: str


Block = Table | Facts


@dataclass(frozen=True)
class Sheet:
    slug: str  # file name: site/cheatsheets/<slug>-a4.pdf
    title: str
    subject: str  # PDF subject: what the sheet helps with
    areas: tuple[str, ...]  # `cheatsheet_links(area)` on these overview pages links it
    blocks: tuple[Block, ...]


def key_facts(*areas: str) -> tuple[Facts, ...]:
    return tuple(Facts(f"{area}-key-facts") for area in areas)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        slug="storage",
        title="Storage",
        subject="Amazon S3, EBS, EFS, FSx and instance store: classes, volume types and limits",
        areas=("storage",),
        blocks=(
            Table(
                "s3-storage-classes",
                columns=(
                    "availability",
                    "azs",
                    "min_duration",
                    "min_size",
                    "first_byte",
                    "retrieval_fee",
                ),
            ),
            Table(
                "ebs-volume-types",
                columns=("size", "max_iops", "max_throughput", "baseline", "boot"),
            ),
            Table("storage-types", columns=("kind", "attach", "protocols", "scope", "use")),
            Table("s3-encryption", columns=("keys", "where", "header")),
            Table("s3-object-lock"),
            *key_facts("storage"),
        ),
    ),
    Sheet(
        slug="compute-containers",
        title="Compute and containers",
        subject="EC2, purchase options, placement groups, Lambda, ECS, EKS and Fargate",
        areas=("compute", "containers"),
        blocks=(
            Table("ec2-purchase-options"),
            Table("compute-choices"),
            Table("placement-groups", columns=("layout", "scope", "limits", "use")),
            Table("lambda-limits"),
            *key_facts("compute", "containers"),
        ),
    ),
    Sheet(
        slug="databases",
        title="Databases",
        subject="RDS, Aurora, DynamoDB, ElastiCache and the purpose-built databases",
        areas=("databases",),
        blocks=(
            Table("database-choice"),
            Table("rds-availability"),
            Table("elasticache-engines"),
            Table("dynamodb-capacity-modes"),
            Table("dynamodb-capacity-units"),
            *key_facts("databases"),
        ),
    ),
    Sheet(
        slug="networking",
        title="Networking and content delivery",
        subject="VPC, connectivity, Route 53, CloudFront, Global Accelerator and load balancers",
        areas=("networking",),
        blocks=(
            Table(
                "network-connectivity",
                columns=("connects", "transitive", "bandwidth", "encryption", "use"),
            ),
            Table("sg-vs-nacl"),
            Table("vpc-endpoint-types", columns=("services", "mechanism", "cost")),
            Table("nat-gateway-vs-instance"),
            Table("route53-routing-policies", columns=("does", "health")),
            Table("edge-services", columns=("ips", "failover", "use")),
            Table(
                "elb-types",
                columns=("layer", "protocols", "static_ip", "security_groups", "targets", "use"),
            ),
            *key_facts("networking"),
        ),
    ),
    Sheet(
        slug="resilience",
        title="Resilience, scaling and disaster recovery",
        subject="High availability, Auto Scaling, backup and disaster recovery strategies",
        areas=("resilience",),
        blocks=(
            Table("dr-strategies"),
            Table("auto-scaling-policies"),
            Table("rds-availability"),
            *key_facts("resilience"),
        ),
    ),
    Sheet(
        slug="integration-analytics",
        title="Application integration and analytics",
        subject="SQS, SNS, EventBridge, Step Functions, API Gateway, Kinesis and analytics",
        areas=("integration", "analytics"),
        blocks=(
            Table(
                "messaging-services",
                columns=("delivery", "ordering", "retention", "max_size", "throughput", "use"),
            ),
            Table("streaming-services", columns=("what", "latency", "retention", "use")),
            Table("analytics-services"),
            Table("step-functions-workflows"),
            Table("api-gateway-types"),
            *key_facts("integration", "analytics"),
        ),
    ),
    Sheet(
        slug="security-identity",
        title="Security and identity",
        subject="IAM, policy evaluation, federation, KMS, secrets and the security services",
        areas=("security", "identity"),
        blocks=(
            Table("iam-policy-types"),
            Table("iam-policy-evaluation"),
            Table("security-services"),
            Table("identity-options", columns=("users", "cue")),
            Table("kms-key-types", columns=("control", "rotation")),
            Table("secrets-vs-parameters"),
            *key_facts("identity", "security"),
        ),
    ),
    Sheet(
        slug="governance-monitoring-cost",
        title="Governance, monitoring and cost",
        subject="Organizations, Control Tower, CloudWatch, CloudTrail, Config and the cost tools",
        areas=("governance", "monitoring", "cost"),
        blocks=(
            Table("governance-services", columns=("does", "cue")),
            Table("monitoring-services", columns=("question", "data", "retention")),
            Table("cost-tools", columns=("question", "output", "cue")),
            Table("savings-plans-vs-ri", columns=("covers", "flex", "discount", "term")),
            *key_facts("governance", "monitoring", "cost"),
        ),
    ),
    Sheet(
        slug="migration",
        title="Migration and transfer",
        subject="Migration strategies, DMS, MGN, Snow Family, DataSync and Storage Gateway",
        areas=("migration",),
        blocks=(
            Table("migration-services"),
            Table("data-transfer-time"),
            *key_facts("migration"),
        ),
    ),
    Sheet(
        slug="numbers",
        title="Numbers to remember",
        subject="The limits and quotas an architect must know, with units",
        areas=(),
        blocks=tuple(
            Facts(f"{area}-numbers")
            for area in (
                "storage",
                "compute",
                "containers",
                "databases",
                "networking",
                "resilience",
                "integration",
                "analytics",
                "identity",
                "security",
                "governance",
                "monitoring",
                "cost",
                "migration",
            )
        ),
    ),
)


@dataclass(frozen=True)
class Paper:
    name: str  # a4, letter
    label: str  # A4, US Letter
    width_pt: float
    height_pt: float


# Landscape: comparison tables are wide.
PAPERS = {
    "a4": Paper("a4", "A4", 841.89, 595.28),
    "letter": Paper("letter", "US Letter", 792.0, 612.0),
}
PDF_DIR = "cheatsheets"  # under the site


def pdf_path(slug: str, paper: str) -> str:
    """Where a sheet's PDF lives, relative to the site root."""
    return f"{PDF_DIR}/{slug}-{paper}.pdf"


def for_area(area: str) -> list[Sheet]:
    """The sheets an area's overview links (or the one sheet with that slug)."""
    return [s for s in SHEETS if area in s.areas or s.slug == area]


def by_slug(slug: str) -> Sheet:
    for sheet in SHEETS:
        if sheet.slug == slug:
            return sheet
    raise KeyError(f"no cheat sheet {slug!r}; sheets are: {', '.join(s.slug for s in SHEETS)}")
