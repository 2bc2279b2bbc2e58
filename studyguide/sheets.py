"""The cheat sheets: one small entry per sheet, in the order they are listed.

A sheet is a title, the areas whose overview pages link it, and its blocks in
reading order: `Table(id, columns=..., rows=..., transpose=...)` for a comparison
of data/comparisons.yml (pick columns by key and rows by name, as the
`comparison` macro does), `Facts(id, take=...)` for a fact list (or chosen facts of it)
and `Figure(source, caption)` for a diagram. Wide tables and full-width figures go across
the top; the rest fills two columns in this order, split where they come out most even,
so a fact list placed between two tables lets the columns balance. Adding a sheet is
adding an entry.

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
    """A fact list of the data file (key facts, exam cues, gotchas, numbers).

    `take`: the facts to print, by position in the list (0 is the first); all by default.
    """

    id: str
    take: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Figure:
    """A D2 diagram (its path from the project root: one of the site's under docs/, or one
    drawn for print under cheatsheets/diagrams/), printed in greyscale.

    `height_mm`: the most height it may take (it shrinks to fit, keeping its shape).
    """

    source: str
    caption: str
    width: Literal["full", "half"] = "half"
    height_mm: float | None = None


Block = Table | Facts | Figure


@dataclass(frozen=True)
class Sheet:
    slug: str  # file name: site/cheatsheets/<slug>-a4.pdf
    title: str
    subject: str  # PDF subject: what the sheet helps with
    areas: tuple[str, ...]  # `cheatsheet_links(area)` on these overview pages links it
    blocks: tuple[Block, ...]


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        slug="vpc",
        title="VPC and hybrid connectivity",
        subject="Subnets and routing, NAT gateways, security groups and network ACLs, VPC "
        "endpoints, peering, Transit Gateway, VPN and Direct Connect",
        areas=("networking",),
        blocks=(
            Figure(
                "cheatsheets/diagrams/vpc-two-az.d2",
                "A VPC across two Availability Zones, with one NAT gateway per zone",
            ),
            Table("sg-vs-nacl", rows=("Applies to", "State", "Rules", "Evaluation", "Default")),
            Facts("networking-key-facts", take=(1, 2, 3, 5, 6, 7)),
            Table("vpc-endpoint-types", columns=("services", "mechanism", "cost")),
            Table(
                "network-connectivity",
                columns=("connects", "transitive", "bandwidth", "setup"),
                rows=(
                    "VPC peering",
                    "Transit Gateway",
                    "Site-to-Site VPN",
                    "Direct Connect dedicated",
                    "Direct Connect hosted",
                ),
            ),
            Facts("networking-numbers", take=(0, 1)),
        ),
    ),
    Sheet(
        slug="edge-dns-elb",
        title="Edge, DNS and load balancing",
        subject="Elastic Load Balancing, Route 53 records and routing policies, CloudFront, "
        "Global Accelerator and edge functions",
        areas=("networking",),
        blocks=(
            Table(
                "elb-types",
                columns=("layer", "protocols", "static_ip", "targets", "use"),
                rows=(
                    "Application Load Balancer (ALB)",
                    "Network Load Balancer (NLB)",
                    "Gateway Load Balancer (GWLB)",
                ),
            ),
            Table("route53-routing-policies", columns=("does", "health", "use")),
            Facts("networking-key-facts", take=(9, 10, 11, 12)),
            Facts("networking-numbers", take=(9, 11)),
            Table(
                "dns-record-types",
                columns=("holds", "apex"),
                rows=("A", "AAAA", "CNAME", "Alias"),
            ),
            Table("edge-services", columns=("caching", "ips", "failover", "use")),
            Table(
                "edge-functions",
                rows=(
                    "Runs at",
                    "Triggers",
                    "Max duration",
                    "Network and body access",
                    "Typical use",
                ),
            ),
        ),
    ),
    Sheet(
        slug="s3",
        title="Amazon S3",
        subject="S3 storage classes, encryption, Object Lock, replication, performance and limits",
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
            Facts("storage-key-facts", take=(0, 1, 7, 8, 9, 10)),
            Table("s3-encryption", columns=("keys", "where", "audit", "notes")),
            Table("s3-object-lock", columns=("duration", "who_can_remove", "root", "use")),
            Facts("storage-numbers", take=(0, 1, 2, 3, 10)),
        ),
    ),
    Sheet(
        slug="block-file",
        title="Block and file storage",
        subject="EBS volume types and limits, instance store, EFS, the FSx family and AWS Backup",
        areas=("storage",),
        blocks=(
            Table(
                "ebs-volume-types",
                columns=("size", "max_iops", "max_throughput", "baseline", "boot", "use"),
            ),
            Facts("storage-numbers", take=(4, 5, 6)),
            Facts("storage-key-facts", take=(2, 3, 4, 5, 6, 11)),
            Table("storage-types", columns=("kind", "attach", "protocols", "scope", "use")),
        ),
    ),
    Sheet(
        slug="identity",
        title="Identity and access",
        subject="IAM policy types and evaluation, roles and federation, IAM Identity Center, "
        "Cognito and Directory Service",
        areas=("identity",),
        blocks=(
            Table("identity-options"),
            Table("iam-policy-types"),
            Facts("identity-key-facts"),
            Table("iam-policy-evaluation"),
            Facts("identity-numbers", take=(0, 1, 2, 4, 5, 6)),
        ),
    ),
    Sheet(
        slug="data-protection",
        title="Data protection and detection",
        subject="KMS keys and CloudHSM, Secrets Manager and Parameter Store, ACM, WAF, Shield "
        "and the threat detection services",
        areas=("security",),
        blocks=(
            Table("security-services"),
            Table("secrets-vs-parameters", columns=("max_size", "rotation", "cost")),
            Facts("security-key-facts"),
            Table("kms-key-types", columns=("control", "rotation")),
            Facts("security-numbers", take=(0, 1, 2, 4, 7)),
        ),
    ),
    Sheet(
        slug="ec2",
        title="Amazon EC2",
        subject="EC2 purchase options, placement groups, instance features and their limits",
        areas=("compute",),
        blocks=(
            Table("ec2-purchase-options"),
            Facts("compute-key-facts"),
            Table("placement-groups"),
            Facts("compute-numbers", take=(2, 3, 5, 6, 7, 9)),
        ),
    ),
    Sheet(
        slug="serverless-containers",
        title="Serverless, containers and APIs",
        subject="Choosing a compute service; Lambda limits; ECS, EKS, Fargate and ECR; "
        "API Gateway API types",
        areas=("compute", "containers"),
        blocks=(
            Table("compute-choices"),
            Facts("containers-key-facts"),
            Facts("containers-numbers", take=(6, 7, 8)),
            Table("lambda-limits"),
            Table("api-gateway-types"),
        ),
    ),
    Sheet(
        slug="relational-databases",
        title="Choosing a database; RDS and Aurora",
        subject="Purpose-built databases by data model, and the availability and read-scaling "
        "options of RDS and Aurora",
        areas=("databases",),
        blocks=(
            Table("database-choice", columns=("model", "scale", "cue")),
            Facts("databases-key-facts", take=(0, 1, 2, 3, 4, 5, 6, 8, 10)),
            Table("rds-availability"),
            Facts("databases-numbers", take=(0, 1, 2, 3, 4, 5)),
        ),
    ),
    Sheet(
        slug="dynamodb-caching",
        title="DynamoDB and caching",
        subject="DynamoDB capacity modes and units, DAX, and the ElastiCache engines",
        areas=("databases",),
        blocks=(
            Figure(
                "cheatsheets/diagrams/caching-layers.d2",
                "DAX in front of DynamoDB; ElastiCache in front of RDS or Aurora",
                height_mm=85,
            ),
            Table("dynamodb-capacity-modes"),
            Facts("databases-key-facts", take=(7, 11)),
            Facts("databases-numbers", take=(6, 7, 8, 9)),
            Table("dynamodb-capacity-units"),
            Table("elasticache-engines"),
        ),
    ),
    Sheet(
        slug="resilience",
        title="Resilience and disaster recovery",
        subject="Disaster recovery strategies with their RPO and RTO, and EC2 Auto Scaling",
        areas=("resilience",),
        blocks=(
            Figure(
                "cheatsheets/diagrams/dr-strategies.d2",
                "What runs in the recovery Region under each strategy; the primary Region "
                "always runs the full workload",
                width="full",
                height_mm=42,
            ),
            Table("dr-strategies", columns=("rpo", "rto", "cost", "services")),
            Facts("resilience-key-facts"),
            Table("auto-scaling-policies", columns=("trigger", "how", "use")),
            Facts("resilience-numbers", take=(0, 1, 3, 4)),
        ),
    ),
    Sheet(
        slug="integration",
        title="Application integration and front end",
        subject="SQS, SNS, EventBridge, Kinesis, Amazon MQ and Step Functions, and the front-end "
        "and mobile services",
        areas=("integration", "front-end"),
        blocks=(
            Table("messaging-services"),
            Facts("integration-key-facts"),
            Facts("integration-numbers"),
            Table("step-functions-workflows", columns=("duration", "semantics", "pricing", "use")),
            Facts("front-end-key-facts", take=(0, 1, 2, 3, 6, 7)),
        ),
    ),
    Sheet(
        slug="analytics-ai",
        title="Analytics and AI services",
        subject="Kinesis, Firehose, MSK, Athena, Redshift, EMR, Glue, Lake Formation and the "
        "managed AI services",
        areas=("analytics", "machine-learning"),
        blocks=(
            Table("streaming-services", columns=("what", "latency", "retention", "use")),
            Table("analytics-services", columns=("what", "serverless", "cue")),
            Facts("analytics-key-facts", take=(0, 1, 2, 3, 4, 5, 6, 7, 8)),
            Facts("analytics-numbers", take=(0, 1, 4)),
            Facts("machine-learning-key-facts", take=(4, 5, 7, 8)),
            Table(
                "ai-services",
                columns=("input", "output", "cue"),
                rows=(
                    "Comprehend",
                    "Translate",
                    "Transcribe",
                    "Polly",
                    "Lex",
                    "Rekognition",
                    "Textract",
                    "Kendra",
                    "SageMaker AI",
                ),
            ),
        ),
    ),
    Sheet(
        slug="governance",
        title="Governance",
        subject="Organizations, SCPs and RCPs, Control Tower, Config, Service Catalog, RAM, "
        "CloudFormation and Trusted Advisor",
        areas=("governance",),
        blocks=(
            Table("governance-services"),
            Facts("governance-numbers", take=(0, 1, 2, 3, 4, 6, 7, 8, 9)),
            Facts("governance-key-facts", take=(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11)),
            Table("trusted-advisor-checks"),
        ),
    ),
    Sheet(
        slug="monitoring-well-architected",
        title="Monitoring and the Well-Architected Framework",
        subject="CloudWatch, CloudTrail, Config and X-Ray, and the six Well-Architected pillars",
        areas=("monitoring", "fundamentals"),
        blocks=(
            Table("monitoring-services"),
            Facts("monitoring-key-facts"),
            Facts("monitoring-numbers"),
            Table("well-architected-pillars"),
            Facts("fundamentals-key-facts"),
        ),
    ),
    Sheet(
        slug="cost",
        title="Cost optimization",
        subject="Cost Explorer, Budgets, CUR, Compute Optimizer, Savings Plans and "
        "Reserved Instances",
        areas=("cost",),
        blocks=(
            Table("cost-tools"),
            Facts("cost-key-facts"),
            Facts("cost-numbers"),
            Table("savings-plans-vs-ri"),
        ),
    ),
    Sheet(
        slug="migration",
        title="Migration and transfer",
        subject="The 7 Rs, Application Migration Service, DMS, DataSync, Transfer Family, "
        "Storage Gateway and Snowball",
        areas=("migration",),
        blocks=(
            Table("migration-strategies"),
            Table("data-transfer-time"),
            Facts("migration-key-facts", take=(0, 1, 2, 3, 4, 5, 6, 7, 8)),
            Facts("migration-numbers", take=(1, 2, 3, 4)),
            Table(
                "migration-services",
                columns=("moves", "how", "cue"),
                rows=(
                    "AWS Snowball Edge",
                    "AWS Data Transfer Terminal",
                    "AWS DataSync",
                    "AWS Transfer Family",
                    "S3 File Gateway",
                    "Volume Gateway, cached",
                    "Volume Gateway, stored",
                    "Tape Gateway",
                    "AWS DMS",
                    "AWS Application Migration Service (MGN)",
                ),
            ),
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
