# ---------------------------------------------------------------------------------------------------
# Identity and placement
# ---------------------------------------------------------------------------------------------------

variable "name" {
  type        = string
  description = "Deployment name shared by every region (e.g. \"leasehold-prod\"). Prefixes resource names; keep it short, ElastiCache ids are limited to 40 characters."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name))
    error_message = "The name must be 2-20 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "AWS region this module deploys into (e.g. \"eu-west-1\"). Must equal the region of the aws provider passed to the module; a check block verifies it."
  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must look like an AWS region name, e.g. \"us-east-1\"."
  }
}

variable "deployment_regions" {
  type        = list(string)
  description = "Every region of the deployment, this one included, in the same order everywhere (the coordinator's `regions:` list). Passed to the aggregators as LEASEHOLD_REGIONS: `equal` per-key shares are the limit divided by its length, so it must be identical in every region."
  validation {
    condition     = length(var.deployment_regions) > 0 && length(distinct(var.deployment_regions)) == length(var.deployment_regions)
    error_message = "The deployment_regions must list each region of the deployment once."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC that hosts Redis, the aggregators and the internal load balancer. Edges must be able to route to it."
  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "The vpc_id must look like \"vpc-0123abcd\"."
  }
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets, one per availability zone (at least two), for Redis nodes, aggregator tasks and the internal NLB."
  validation {
    condition     = length(var.private_subnet_ids) >= 2 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "Give at least two subnet ids (\"subnet-...\") in different availability zones; Multi-AZ Redis and the NLB need them."
  }
}

variable "edge_security_group_ids" {
  type        = list(string)
  description = "Security groups of the workloads that run the edge sidecar. Only these may reach the aggregators."
  validation {
    condition     = length(var.edge_security_group_ids) >= 1 && alltrue([for s in var.edge_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "Give at least one security group id (\"sg-...\"); otherwise no edge could reach the aggregators."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource this module creates (on top of the provider's default_tags)."
  default     = {}
}

# ---------------------------------------------------------------------------------------------------
# Shared configuration from the global tier
# ---------------------------------------------------------------------------------------------------

variable "leasehold_image" {
  type        = string
  description = "Container image of Leasehold (one image for every component; the command selects it: `leasehold aggregator`, `leasehold edge`). Pin a digest or an immutable tag."
  validation {
    condition     = can(regex("(:[A-Za-z0-9_.-]+|@sha256:[0-9a-f]{64})$", var.leasehold_image)) && !can(regex(":latest$", var.leasehold_image))
    error_message = "The leasehold_image must end in an explicit tag or digest other than \":latest\"; a moving tag makes deployments unrepeatable."
  }
}

variable "coordinator_url" {
  type        = string
  description = "Base URL of the global coordinators (the global module's coordinator_url output), e.g. \"https://coordinator.example.internal:9090\"."
  validation {
    condition     = can(regex("^https?://[^/]+", var.coordinator_url))
    error_message = "The coordinator_url must be an http:// or https:// URL."
  }
}

variable "coordinator_cidr_blocks" {
  type        = list(string)
  description = "CIDR blocks through which aggregators reach the coordinators (the home VPC over peering/Transit Gateway, or 0.0.0.0/0 for an internet-facing coordinator endpoint)."
  default     = ["0.0.0.0/0"]
  validation {
    condition     = alltrue([for c in var.coordinator_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "Every entry of coordinator_cidr_blocks must be a valid CIDR block."
  }
}

variable "coordinator_port" {
  type        = number
  description = "TCP port of the coordinator endpoint, opened in the aggregators' egress rules."
  default     = 9090
  validation {
    condition     = var.coordinator_port >= 1 && var.coordinator_port <= 65535
    error_message = "The coordinator_port must be between 1 and 65535."
  }
}

variable "sync_token" {
  type        = string
  description = "Bearer token edges, aggregators and coordinators use on the sync APIs (the global module's sync_token output). Copied into a secret in this region so that tasks start without the home region."
  sensitive   = true
  validation {
    condition     = length(var.sync_token) >= 32
    error_message = "The sync_token must be at least 32 characters long."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key for Redis at-rest encryption, the secrets and the log groups. Null uses AWS-managed keys."
  default     = null
}

# ---------------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------------

variable "redis_node_type" {
  type        = string
  description = "ElastiCache node type of the regional Redis."
  default     = "cache.r7g.large"
  validation {
    condition     = can(regex("^cache\\.", var.redis_node_type))
    error_message = "The redis_node_type must be an ElastiCache node type, e.g. \"cache.r7g.large\"."
  }
}

variable "redis_engine_version" {
  type        = string
  description = "Redis engine version (7.x; the parameter group family is redis7)."
  default     = "7.1"
  validation {
    condition     = can(regex("^7\\.[0-9]+$", var.redis_engine_version))
    error_message = "The redis_engine_version must be a Redis 7 version such as \"7.1\"; the parameter group family is redis7."
  }
}

variable "redis_num_cache_clusters" {
  type        = number
  description = "Number of Redis nodes (one primary, the rest replicas in other AZs). At least 2 for automatic failover."
  default     = 2
  validation {
    condition     = var.redis_num_cache_clusters >= 2 && var.redis_num_cache_clusters <= 6
    error_message = "The redis_num_cache_clusters must be between 2 and 6; automatic failover and Multi-AZ need at least one replica."
  }
}

variable "redis_maxmemory_policy" {
  type        = string
  description = "Redis maxmemory-policy. Every quota key carries a TTL, so volatile-lru evicts only idle buckets under memory pressure."
  default     = "volatile-lru"
  validation {
    condition     = contains(["volatile-lru", "volatile-lfu", "volatile-ttl", "noeviction"], var.redis_maxmemory_policy)
    error_message = "The redis_maxmemory_policy must be one of volatile-lru, volatile-lfu, volatile-ttl, noeviction."
  }
}

variable "redis_snapshot_retention_days" {
  type        = number
  description = "Days of daily Redis snapshots to keep (0 disables snapshots)."
  default     = 3
  validation {
    condition     = var.redis_snapshot_retention_days >= 0 && var.redis_snapshot_retention_days <= 35
    error_message = "The redis_snapshot_retention_days must be between 0 and 35."
  }
}

variable "redis_snapshot_window" {
  type        = string
  description = "Daily UTC window for Redis snapshots, hh24:mi-hh24:mi; must not overlap the maintenance window."
  default     = "03:00-04:00"
  validation {
    condition     = can(regex("^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$", var.redis_snapshot_window))
    error_message = "The redis_snapshot_window must look like \"03:00-04:00\"."
  }
}

variable "redis_maintenance_window" {
  type        = string
  description = "Weekly UTC maintenance window for Redis, ddd:hh24:mi-ddd:hh24:mi."
  default     = "sun:05:00-sun:06:00"
  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):[0-2][0-9]:[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):[0-2][0-9]:[0-5][0-9]$", var.redis_maintenance_window))
    error_message = "The redis_maintenance_window must look like \"sun:05:00-sun:06:00\"."
  }
}

# ---------------------------------------------------------------------------------------------------
# Aggregators
# ---------------------------------------------------------------------------------------------------

variable "aggregator_cpu" {
  type        = number
  description = "Fargate CPU units per aggregator task."
  default     = 1024
  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.aggregator_cpu)
    error_message = "The aggregator_cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "aggregator_memory" {
  type        = number
  description = "Memory (MiB) per aggregator task; must be a valid Fargate combination with aggregator_cpu."
  default     = 2048
  validation {
    condition     = var.aggregator_memory >= 512 && var.aggregator_memory <= 122880
    error_message = "The aggregator_memory must be between 512 and 122880 MiB."
  }
}

variable "aggregator_cpu_architecture" {
  type        = string
  description = "CPU architecture of the aggregator tasks; the image must be built for it."
  default     = "ARM64"
  validation {
    condition     = contains(["ARM64", "X86_64"], var.aggregator_cpu_architecture)
    error_message = "The aggregator_cpu_architecture must be ARM64 or X86_64."
  }
}

variable "aggregator_min_count" {
  type        = number
  description = "Minimum number of aggregator tasks. Aggregators are stateless; at least 2 keeps the region up through a task or AZ loss."
  default     = 2
  validation {
    condition     = var.aggregator_min_count >= 2
    error_message = "The aggregator_min_count must be at least 2."
  }
}

variable "aggregator_max_count" {
  type        = number
  description = "Maximum number of aggregator tasks the autoscaler may run; must be at least aggregator_min_count."
  default     = 10
  validation {
    condition     = var.aggregator_max_count >= 2 && var.aggregator_max_count <= 100
    error_message = "The aggregator_max_count must be between 2 and 100."
  }
}

variable "aggregator_target_cpu_percent" {
  type        = number
  description = "Average CPU utilisation the autoscaler keeps the aggregator service at."
  default     = 60
  validation {
    condition     = var.aggregator_target_cpu_percent >= 10 && var.aggregator_target_cpu_percent <= 90
    error_message = "The aggregator_target_cpu_percent must be between 10 and 90."
  }
}

variable "aggregator_extra_environment" {
  type        = map(string)
  description = "Additional environment variables for the aggregator container (e.g. JAVA_TOOL_OPTIONS). Never put secrets here."
  default     = {}
}

variable "aggregator_port" {
  type        = number
  description = "Port the aggregator listens on and the internal NLB forwards."
  default     = 8080
  validation {
    condition     = var.aggregator_port >= 1024 && var.aggregator_port <= 65535
    error_message = "The aggregator_port must be between 1024 and 65535."
  }
}

variable "aggregator_certificate_arn" {
  type        = string
  description = "ACM certificate for a TLS listener on the internal NLB. Null serves plain TCP inside the VPC (the sync token still authenticates every call). Requires aggregator_dns_name to match the certificate."
  default     = null
}

variable "private_zone_id" {
  type        = string
  description = "Route 53 private hosted zone in which to publish aggregator_dns_name. Null skips the record and edges use the NLB's DNS name."
  default     = null
}

variable "aggregator_dns_name" {
  type        = string
  description = "Stable DNS name for the aggregator endpoint in private_zone_id (e.g. \"aggregator.eu-west-1.leasehold.internal\"). Ignored when private_zone_id is null."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "CloudWatch Logs retention for aggregator, edge sidecar and Redis slow-log groups."
  default     = 30
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log_retention_days must be a retention period CloudWatch Logs supports (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "http_probe_command" {
  type        = string
  description = "Shell command available in the image that fails on a non-2xx HTTP answer; container health checks run \"<command> http://127.0.0.1:<port>/healthz\"."
  default     = "curl -fsS -o /dev/null"
}

# ---------------------------------------------------------------------------------------------------
# Edge sidecar (output only: the sidecar runs inside the application's own tasks)
# ---------------------------------------------------------------------------------------------------

variable "edge_listen_port" {
  type        = number
  description = "Port the edge sidecar listens on; point the application's load balancer target group at it."
  default     = 8000
  validation {
    condition     = var.edge_listen_port >= 1024 && var.edge_listen_port <= 65535
    error_message = "The edge_listen_port must be between 1024 and 65535."
  }
}

variable "edge_app_port" {
  type        = number
  description = "Port the application listens on inside its task; the sidecar forwards admitted requests to http://127.0.0.1:<edge_app_port>."
  default     = 8081
  validation {
    condition     = var.edge_app_port >= 1 && var.edge_app_port <= 65535
    error_message = "The edge_app_port must be between 1 and 65535."
  }
}
