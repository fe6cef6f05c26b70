resource "aws_ecs_cluster" "this" {
  name = local.prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.common_tags
}

resource "aws_cloudwatch_log_group" "coordinator" {
  name              = "/leasehold/${var.name}/global/coordinator"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = local.common_tags
}

locals {
  coordinator_container = {
    name                   = "coordinator"
    image                  = var.leasehold_image
    essential              = true
    entryPoint             = ["leasehold"]
    command                = ["coordinator"]
    readonlyRootFilesystem = true
    stopTimeout            = 30

    portMappings = [{
      name          = "coordinator"
      containerPort = var.coordinator_port
      protocol      = "tcp"
    }]

    environment = concat(
      [{ name = "LEASEHOLD_ETCD_ENDPOINTS", value = local.etcd_endpoints }],
      [for k, v in var.coordinator_extra_environment : { name = k, value = v }],
    )

    secrets = [
      { name = "LEASEHOLD_ADMIN_TOKEN", valueFrom = aws_secretsmanager_secret.admin_token.arn },
      { name = "LEASEHOLD_SYNC_TOKEN", valueFrom = aws_secretsmanager_secret.sync_token.arn },
    ]

    healthCheck = {
      command     = ["CMD-SHELL", "${var.http_probe_command} http://127.0.0.1:${var.coordinator_port}/healthz || exit 1"]
      interval    = 10
      timeout     = 3
      retries     = 3
      startPeriod = 30
    }

    mountPoints = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.coordinator.name
        "awslogs-region"        = var.region
        "awslogs-stream-prefix" = "coordinator"
      }
    }
  }
}

resource "aws_ecs_task_definition" "coordinator" {
  family                   = "${local.prefix}-coordinator"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.coordinator_cpu
  memory                   = var.coordinator_memory
  execution_role_arn       = aws_iam_role.coordinator_execution.arn
  task_role_arn            = aws_iam_role.coordinator_task.arn
  container_definitions    = jsonencode([local.coordinator_container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.coordinator_cpu_architecture
  }

  volume {
    name = "tmp"
  }

  tags = local.common_tags
}

# Every coordinator campaigns for leadership in etcd; the standbys take over when the leader's etcd
# lease expires. Spreading tasks over the private subnets keeps a standby in another AZ.
resource "aws_ecs_service" "coordinator" {
  name                               = "coordinator"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.coordinator.arn
  launch_type                        = "FARGATE"
  desired_count                      = var.coordinator_count
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60
  propagate_tags                     = "SERVICE"
  enable_ecs_managed_tags            = true

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.coordinator.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.coordinator.arn
    container_name   = "coordinator"
    container_port   = var.coordinator_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  depends_on = [aws_lb_listener.coordinator, aws_route53_record.etcd]
  tags       = local.common_tags
}

resource "aws_lb" "coordinator" {
  name_prefix                      = "lhcrd-"
  internal                         = var.coordinator_lb_internal
  load_balancer_type               = "network"
  subnets                          = var.coordinator_lb_internal ? var.private_subnet_ids : var.public_subnet_ids
  security_groups                  = [aws_security_group.coordinator_lb.id]
  enable_cross_zone_load_balancing = true
  tags                             = local.common_tags

  lifecycle {
    precondition {
      condition     = var.coordinator_lb_internal || length(var.public_subnet_ids) >= 2
      error_message = "An internet-facing coordinator load balancer (coordinator_lb_internal = false) needs at least two public_subnet_ids."
    }
  }
}

# Only ready coordinators receive traffic: /readyz tells the load balancer which tasks can serve
# region syncs and admin calls, so a standby that is still catching up is skipped.
resource "aws_lb_target_group" "coordinator" {
  name_prefix          = "lhcrd-"
  port                 = var.coordinator_port
  protocol             = "TCP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    protocol            = "HTTP"
    path                = "/readyz"
    port                = "traffic-port"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  lifecycle {
    create_before_destroy = true
  }

  tags = local.common_tags
}

resource "aws_lb_listener" "coordinator" {
  load_balancer_arn = aws_lb.coordinator.arn
  port              = var.coordinator_port
  protocol          = var.coordinator_certificate_arn == null ? "TCP" : "TLS"
  certificate_arn   = var.coordinator_certificate_arn
  ssl_policy        = var.coordinator_certificate_arn == null ? null : "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.coordinator.arn
  }

  lifecycle {
    precondition {
      condition     = var.coordinator_certificate_arn == null || var.coordinator_dns_name != null
      error_message = "A TLS listener (coordinator_certificate_arn) needs coordinator_dns_name, the name the certificate covers; aggregators connect under that name."
    }
  }

  tags = local.common_tags
}
