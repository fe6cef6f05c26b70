locals {
  prefix = "${var.name}-${var.region}-global"

  common_tags = merge(var.tags, {
    "leasehold:deployment" = var.name
    "leasehold:tier"       = "global"
  })

  etcd_zone_name    = "etcd.${var.name}.internal"
  etcd_member_names = [for i in range(var.etcd_member_count) : "etcd-${i}"]
  etcd_member_fqdns = [for n in local.etcd_member_names : "${n}.${local.etcd_zone_name}"]
  etcd_endpoints    = join(",", [for f in local.etcd_member_fqdns : "http://${f}:2379"])
  etcd_initial_cluster = join(",", [
    for i, n in local.etcd_member_names : "${n}=http://${local.etcd_member_fqdns[i]}:2380"
  ])

  coordinator_scheme = var.coordinator_certificate_arn == null ? "http" : "https"
  coordinator_host   = var.coordinator_dns_name == null ? aws_lb.coordinator.dns_name : var.coordinator_dns_name
  coordinator_url    = "${local.coordinator_scheme}://${local.coordinator_host}:${var.coordinator_port}"
}

data "aws_region" "current" {}

check "provider_region_matches" {
  assert {
    condition     = data.aws_region.current.region == var.region
    error_message = "The aws provider passed to this module targets ${data.aws_region.current.region}, but var.region is ${var.region}."
  }
}
