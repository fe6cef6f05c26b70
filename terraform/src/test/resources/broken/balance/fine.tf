# Brackets inside strings, comments and heredocs do not count: { [ (
locals {
  braces   = "a { b [ c ( d"
  escaped  = "quote \" then } and ]"
  literal  = "$${not_an_interpolation"
  nested   = "${join(",", [for s in ["a}", "b]"] : upper(s)])}-suffix"
  template = "%{ if true }yes%{ endif }"
  /* a block comment with } ] ) */
  script = <<-EOT
    echo "} ] )"  # heredoc text
    echo ${local.braces}
  EOT
}
