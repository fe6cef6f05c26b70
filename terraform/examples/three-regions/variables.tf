variable "name" {
  type        = string
  description = "Deployment name shared by the global tier and every region (e.g. \"leasehold-prod\")."
  default     = "leasehold"
}

variable "leasehold_image" {
  type        = string
  description = "Leasehold container image with an explicit tag or digest; it must be pullable from all three regions (e.g. an ECR repository with cross-region replication)."
}

variable "regions" {
  type = map(object({
    vpc_id                  = string
    vpc_cidr                = string
    private_subnet_ids      = list(string)
    edge_security_group_ids = list(string)
  }))
  description = "Network placement per region, keyed by region name. Must hold exactly us-east-1, eu-west-1 and ap-southeast-1 (the regions of the providers in providers.tf)."
  validation {
    condition     = toset(keys(var.regions)) == toset(["us-east-1", "eu-west-1", "ap-southeast-1"])
    error_message = "The regions map must have exactly the keys us-east-1, eu-west-1 and ap-southeast-1; add a provider and a module block to deploy another region."
  }
}

variable "admin_cidr_blocks" {
  type        = list(string)
  description = "Networks from which operators call the coordinator admin API (in addition to the regions' VPCs)."
  default     = []
  validation {
    condition     = alltrue([for c in var.admin_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "Every entry of admin_cidr_blocks must be a valid CIDR block."
  }
}

variable "etcd_member_count" {
  type        = number
  description = "Number of etcd members in the home region (3 or 5)."
  default     = 3
}

variable "tags" {
  type        = map(string)
  description = "Tags applied to every resource through the providers' default_tags."
  default     = {}
}
