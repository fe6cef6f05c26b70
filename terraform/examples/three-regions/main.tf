# Home region (us-east-1): etcd and the coordinators. The three regions reach the coordinators over
# private connectivity (VPC peering or Transit Gateway between the listed VPC CIDRs), which this
# example assumes already exists.

locals {
  default_tags = merge(var.tags, {
    "leasehold:managed-by" = "terraform"
  })

  region_cidrs = [for r in values(var.regions) : r.vpc_cidr]

  # The same list in every region (and in the coordinators' `regions:`): `equal` shares divide by it.
  deployment_regions = sort(keys(var.regions))
}

module "global" {
  source    = "../../modules/global"
  providers = { aws = aws.use1 }

  name                            = var.name
  region                          = "us-east-1"
  vpc_id                          = var.regions["us-east-1"].vpc_id
  private_subnet_ids              = var.regions["us-east-1"].private_subnet_ids
  leasehold_image                 = var.leasehold_image
  etcd_member_count               = var.etcd_member_count
  coordinator_allowed_cidr_blocks = concat(local.region_cidrs, var.admin_cidr_blocks)
}

module "region_us_east_1" {
  source    = "../../modules/region"
  providers = { aws = aws.use1 }

  name                    = var.name
  region                  = "us-east-1"
  deployment_regions      = local.deployment_regions
  vpc_id                  = var.regions["us-east-1"].vpc_id
  private_subnet_ids      = var.regions["us-east-1"].private_subnet_ids
  edge_security_group_ids = var.regions["us-east-1"].edge_security_group_ids
  leasehold_image         = var.leasehold_image
  coordinator_url         = module.global.coordinator_url
  coordinator_cidr_blocks = [var.regions["us-east-1"].vpc_cidr]
  sync_token              = module.global.sync_token
}

module "region_eu_west_1" {
  source    = "../../modules/region"
  providers = { aws = aws.euw1 }

  name                    = var.name
  region                  = "eu-west-1"
  deployment_regions      = local.deployment_regions
  vpc_id                  = var.regions["eu-west-1"].vpc_id
  private_subnet_ids      = var.regions["eu-west-1"].private_subnet_ids
  edge_security_group_ids = var.regions["eu-west-1"].edge_security_group_ids
  leasehold_image         = var.leasehold_image
  coordinator_url         = module.global.coordinator_url
  coordinator_cidr_blocks = [var.regions["us-east-1"].vpc_cidr]
  sync_token              = module.global.sync_token
}

module "region_ap_southeast_1" {
  source    = "../../modules/region"
  providers = { aws = aws.apse1 }

  name                    = var.name
  region                  = "ap-southeast-1"
  deployment_regions      = local.deployment_regions
  vpc_id                  = var.regions["ap-southeast-1"].vpc_id
  private_subnet_ids      = var.regions["ap-southeast-1"].private_subnet_ids
  edge_security_group_ids = var.regions["ap-southeast-1"].edge_security_group_ids
  leasehold_image         = var.leasehold_image
  coordinator_url         = module.global.coordinator_url
  coordinator_cidr_blocks = [var.regions["us-east-1"].vpc_cidr]
  sync_token              = module.global.sync_token
}
