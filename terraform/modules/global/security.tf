# Traffic allowed in the home region, and nothing else:
#   coordinator_allowed_cidr_blocks --coordinator_port--> NLB --coordinator_port--> coordinators
#   coordinators --2379--> etcd;  etcd <--2380--> etcd;  everything --443--> AWS APIs (and etcd downloads)

resource "aws_security_group" "coordinator_lb" {
  name_prefix = "${local.prefix}-coordinator-lb-"
  description = "Leasehold coordinator NLB: reachable only from the allowed CIDR blocks"
  vpc_id      = var.vpc_id
  tags        = merge(local.common_tags, { Name = "${local.prefix}-coordinator-lb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "coordinator" {
  name_prefix = "${local.prefix}-coordinator-"
  description = "Leasehold coordinator tasks: reachable only through the coordinator NLB"
  vpc_id      = var.vpc_id
  tags        = merge(local.common_tags, { Name = "${local.prefix}-coordinator" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "etcd" {
  name_prefix = "${local.prefix}-etcd-"
  description = "Leasehold etcd members: clients only from coordinators, peers only from members"
  vpc_id      = var.vpc_id
  tags        = merge(local.common_tags, { Name = "${local.prefix}-etcd" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "lb_from_allowed" {
  for_each = toset(var.coordinator_allowed_cidr_blocks)

  security_group_id = aws_security_group.coordinator_lb.id
  description       = "Aggregators and operators to the coordinator endpoint"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = var.coordinator_port
  to_port           = var.coordinator_port
}

resource "aws_vpc_security_group_egress_rule" "lb_to_coordinators" {
  security_group_id            = aws_security_group.coordinator_lb.id
  description                  = "NLB to coordinator tasks (traffic and health checks)"
  referenced_security_group_id = aws_security_group.coordinator.id
  ip_protocol                  = "tcp"
  from_port                    = var.coordinator_port
  to_port                      = var.coordinator_port
}

resource "aws_vpc_security_group_ingress_rule" "coordinator_from_lb" {
  security_group_id            = aws_security_group.coordinator.id
  description                  = "Coordinator NLB to coordinator tasks"
  referenced_security_group_id = aws_security_group.coordinator_lb.id
  ip_protocol                  = "tcp"
  from_port                    = var.coordinator_port
  to_port                      = var.coordinator_port
}

resource "aws_vpc_security_group_egress_rule" "coordinator_to_etcd" {
  security_group_id            = aws_security_group.coordinator.id
  description                  = "Coordinators to etcd clients port"
  referenced_security_group_id = aws_security_group.etcd.id
  ip_protocol                  = "tcp"
  from_port                    = 2379
  to_port                      = 2379
}

resource "aws_vpc_security_group_egress_rule" "coordinator_to_aws_apis" {
  security_group_id = aws_security_group.coordinator.id
  description       = "Coordinators to ECR, Secrets Manager and CloudWatch Logs (HTTPS)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "etcd_clients_from_coordinators" {
  security_group_id            = aws_security_group.etcd.id
  description                  = "Coordinators to etcd"
  referenced_security_group_id = aws_security_group.coordinator.id
  ip_protocol                  = "tcp"
  from_port                    = 2379
  to_port                      = 2379
}

resource "aws_vpc_security_group_ingress_rule" "etcd_peers" {
  security_group_id            = aws_security_group.etcd.id
  description                  = "etcd peer traffic between members"
  referenced_security_group_id = aws_security_group.etcd.id
  ip_protocol                  = "tcp"
  from_port                    = 2380
  to_port                      = 2380
}

resource "aws_vpc_security_group_egress_rule" "etcd_peers" {
  security_group_id            = aws_security_group.etcd.id
  description                  = "etcd peer traffic between members"
  referenced_security_group_id = aws_security_group.etcd.id
  ip_protocol                  = "tcp"
  from_port                    = 2380
  to_port                      = 2380
}

resource "aws_vpc_security_group_egress_rule" "etcd_to_https" {
  security_group_id = aws_security_group.etcd.id
  description       = "etcd members to SSM and the etcd release download (HTTPS)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}
