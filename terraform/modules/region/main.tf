locals {
  # "leasehold-prod-eu-west-1": unique per region, so one account can hold every region.
  prefix = "${var.name}-${var.region}"

  common_tags = merge(var.tags, {
    "leasehold:deployment" = var.name
    "leasehold:region"     = var.region
  })

  aggregator_scheme = var.aggregator_certificate_arn == null ? "http" : "https"
  aggregator_host   = var.private_zone_id == null ? aws_lb.aggregator.dns_name : aws_route53_record.aggregator[0].fqdn
  aggregator_url    = "${local.aggregator_scheme}://${local.aggregator_host}:${var.aggregator_port}"

  redis_url = "rediss://${aws_elasticache_replication_group.redis.primary_endpoint_address}:${aws_elasticache_replication_group.redis.port}"
}

data "aws_region" "current" {}

# Wiring a region module to the wrong aliased provider would silently build this region elsewhere.
check "provider_region_matches" {
  assert {
    condition     = data.aws_region.current.region == var.region
    error_message = "The aws provider passed to this module targets ${data.aws_region.current.region}, but var.region is ${var.region}."
  }
}
