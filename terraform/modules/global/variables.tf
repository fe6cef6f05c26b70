# ---------------------------------------------------------------------------------------------------
# Identity and placement (the home region)
# ---------------------------------------------------------------------------------------------------

variable "name" {
  type        = string
  description = "Deployment name shared with the region modules (e.g. \"leasehold-prod\"). Prefixes resource names."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name))
    error_message = "The name must be 2-20 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "Home region of the global tier (etcd and coordinators). Must equal the region of the aws provider passed to the module."
  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must look like an AWS region name, e.g. \"us-east-1\"."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC in the home region that hosts etcd, the coordinators and their load balancer."
  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "The vpc_id must look like \"vpc-0123abcd\"."
  }
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets in at least three availability zones. etcd member i goes to subnet i mod n, so a quorum survives the loss of one AZ."
  validation {
    condition     = length(var.private_subnet_ids) >= 3 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "Give at least three subnet ids (\"subnet-...\") in different availability zones."
  }
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets for an internet-facing coordinator load balancer; used only when coordinator_lb_internal is false."
  default     = []
  validation {
    condition     = alltrue([for s in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "Every entry of public_subnet_ids must look like \"subnet-...\"."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource this module creates (on top of the provider's default_tags)."
  default     = {}
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key for the secrets, EBS volumes and log groups. Null uses AWS-managed keys."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "CloudWatch Logs retention for the coordinator log group."
  default     = 30
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log_retention_days must be a retention period CloudWatch Logs supports (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days Secrets Manager keeps a deleted token secret recoverable (0 deletes at once; only for throw-away environments)."
  default     = 7
  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "The secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

# ---------------------------------------------------------------------------------------------------
# etcd
# ---------------------------------------------------------------------------------------------------

variable "etcd_member_count" {
  type        = number
  description = "Number of etcd members: 3 tolerates one failure, 5 tolerates two."
  default     = 3
  validation {
    condition     = contains([3, 5], var.etcd_member_count)
    error_message = "The etcd_member_count must be 3 or 5; an even count adds no fault tolerance."
  }
}

variable "etcd_version" {
  type        = string
  description = "etcd release installed on the members (downloaded from etcd_download_base_url and checked against its SHA256SUMS)."
  default     = "3.5.17"
  validation {
    condition     = can(regex("^3\\.[4-9]\\.[0-9]+$", var.etcd_version))
    error_message = "The etcd_version must be an etcd 3.4+ release number such as \"3.5.17\"."
  }
}

variable "etcd_download_base_url" {
  type        = string
  description = "Where etcd release tarballs are fetched from (the members need egress to it); point it at an internal mirror for VPCs without internet access."
  default     = "https://github.com/etcd-io/etcd/releases/download"
}

variable "etcd_instance_type" {
  type        = string
  description = "EC2 instance type of the etcd members; must match etcd_architecture."
  default     = "m7g.large"
}

variable "etcd_architecture" {
  type        = string
  description = "CPU architecture of the etcd members (selects the Amazon Linux 2023 AMI and the etcd build)."
  default     = "arm64"
  validation {
    condition     = contains(["arm64", "x86_64"], var.etcd_architecture)
    error_message = "The etcd_architecture must be arm64 or x86_64."
  }
}

variable "etcd_ami_id" {
  type        = string
  description = "AMI for the etcd members. Null uses the latest Amazon Linux 2023 AMI at creation (members ignore later AMI changes, so they are never replaced by a plan)."
  default     = null
}

variable "etcd_data_volume_size_gib" {
  type        = number
  description = "Size of each member's gp3 data volume."
  default     = 50
  validation {
    condition     = var.etcd_data_volume_size_gib >= 10 && var.etcd_data_volume_size_gib <= 1024
    error_message = "The etcd_data_volume_size_gib must be between 10 and 1024."
  }
}

variable "etcd_data_volume_iops" {
  type        = number
  description = "Provisioned IOPS of each gp3 data volume; etcd is fsync-bound."
  default     = 6000
  validation {
    condition     = var.etcd_data_volume_iops >= 3000 && var.etcd_data_volume_iops <= 16000
    error_message = "The etcd_data_volume_iops must be between 3000 and 16000 (gp3 limits)."
  }
}

variable "etcd_heartbeat_interval_ms" {
  type        = number
  description = "etcd --heartbeat-interval in milliseconds (about the round trip between members; 100 suits one region)."
  default     = 100
  validation {
    condition     = var.etcd_heartbeat_interval_ms >= 10 && var.etcd_heartbeat_interval_ms <= 5000
    error_message = "The etcd_heartbeat_interval_ms must be between 10 and 5000."
  }
}

variable "etcd_election_timeout_ms" {
  type        = number
  description = "etcd --election-timeout in milliseconds; at least five times the heartbeat interval (ten is usual)."
  default     = 1000
  validation {
    condition     = var.etcd_election_timeout_ms >= 100 && var.etcd_election_timeout_ms <= 50000
    error_message = "The etcd_election_timeout_ms must be between 100 and 50000."
  }
}

# ---------------------------------------------------------------------------------------------------
# Coordinators
# ---------------------------------------------------------------------------------------------------

variable "leasehold_image" {
  type        = string
  description = "Container image of Leasehold (the same image as the regions; the command `leasehold coordinator` selects the component). Pin a digest or an immutable tag."
  validation {
    condition     = can(regex("(:[A-Za-z0-9_.-]+|@sha256:[0-9a-f]{64})$", var.leasehold_image)) && !can(regex(":latest$", var.leasehold_image))
    error_message = "The leasehold_image must end in an explicit tag or digest other than \":latest\"; a moving tag makes deployments unrepeatable."
  }
}

variable "coordinator_count" {
  type        = number
  description = "Number of coordinator tasks. One is elected leader through etcd; the others stand by, so at least two."
  default     = 2
  validation {
    condition     = var.coordinator_count >= 2 && var.coordinator_count <= 5
    error_message = "The coordinator_count must be between 2 and 5; one leader plus at least one standby."
  }
}

variable "coordinator_cpu" {
  type        = number
  description = "Fargate CPU units per coordinator task."
  default     = 1024
  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.coordinator_cpu)
    error_message = "The coordinator_cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "coordinator_memory" {
  type        = number
  description = "Memory (MiB) per coordinator task; must be a valid Fargate combination with coordinator_cpu."
  default     = 2048
  validation {
    condition     = var.coordinator_memory >= 512 && var.coordinator_memory <= 122880
    error_message = "The coordinator_memory must be between 512 and 122880 MiB."
  }
}

variable "coordinator_cpu_architecture" {
  type        = string
  description = "CPU architecture of the coordinator tasks; the image must be built for it."
  default     = "ARM64"
  validation {
    condition     = contains(["ARM64", "X86_64"], var.coordinator_cpu_architecture)
    error_message = "The coordinator_cpu_architecture must be ARM64 or X86_64."
  }
}

variable "coordinator_port" {
  type        = number
  description = "Port of the coordinator (region-sync and admin API) on the tasks and on the load balancer."
  default     = 9090
  validation {
    condition     = var.coordinator_port >= 1024 && var.coordinator_port <= 65535
    error_message = "The coordinator_port must be between 1024 and 65535."
  }
}

variable "coordinator_extra_environment" {
  type        = map(string)
  description = "Additional environment variables for the coordinator container (e.g. JAVA_TOOL_OPTIONS). Never put secrets here."
  default     = {}
}

variable "coordinator_lb_internal" {
  type        = bool
  description = "Whether the coordinator load balancer is internal (regions reach it over VPC peering or Transit Gateway) or internet-facing (in public_subnet_ids)."
  default     = true
}

variable "coordinator_allowed_cidr_blocks" {
  type        = list(string)
  description = "CIDR blocks allowed to call the coordinators: the aggregators' VPCs (or their NAT addresses) and the operators' admin networks."
  validation {
    condition     = length(var.coordinator_allowed_cidr_blocks) >= 1 && alltrue([for c in var.coordinator_allowed_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "Give at least one valid CIDR block; otherwise no aggregator could reach the coordinators."
  }
}

variable "coordinator_certificate_arn" {
  type        = string
  description = "ACM certificate for a TLS listener on the coordinator load balancer (strongly recommended when it is internet-facing). Null serves plain TCP."
  default     = null
}

variable "coordinator_dns_name" {
  type        = string
  description = "DNS name the certificate covers and under which operators publish the load balancer. Used in coordinator_url when set; otherwise the load balancer's own DNS name is used."
  default     = null
}

variable "http_probe_command" {
  type        = string
  description = "Shell command available in the image that fails on a non-2xx HTTP answer; container health checks run \"<command> http://127.0.0.1:<port>/healthz\"."
  default     = "curl -fsS -o /dev/null"
}
