output "coordinator_url" {
  description = "Base URL of the global coordinators."
  value       = module.global.coordinator_url
}

output "admin_api_url" {
  description = "Base URL of the coordinator admin API."
  value       = module.global.admin_api_url
}

output "admin_token_secret_arn" {
  description = "Secrets Manager secret (us-east-1) with the admin API token: aws secretsmanager get-secret-value --secret-id <arn>."
  value       = module.global.admin_token_secret_arn
}

output "aggregator_urls" {
  description = "Aggregator endpoint per region (what each region's edges use as LEASEHOLD_AGGREGATOR_URL)."
  value = {
    "us-east-1"      = module.region_us_east_1.aggregator_url
    "eu-west-1"      = module.region_eu_west_1.aggregator_url
    "ap-southeast-1" = module.region_ap_southeast_1.aggregator_url
  }
}

output "edge_sidecar_container_definitions" {
  description = "Edge sidecar container definition per region, to append to the applications' ECS task definitions in that region."
  value = {
    "us-east-1"      = module.region_us_east_1.edge_sidecar_container_definition
    "eu-west-1"      = module.region_eu_west_1.edge_sidecar_container_definition
    "ap-southeast-1" = module.region_ap_southeast_1.edge_sidecar_container_definition
  }
}

output "edge_sidecar_secrets_policy_arns" {
  description = "IAM policy per region to attach to the execution role of every task that runs the edge sidecar."
  value = {
    "us-east-1"      = module.region_us_east_1.edge_sidecar_secrets_policy_arn
    "eu-west-1"      = module.region_eu_west_1.edge_sidecar_secrets_policy_arn
    "ap-southeast-1" = module.region_ap_southeast_1.edge_sidecar_secrets_policy_arn
  }
}
