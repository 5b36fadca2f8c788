terraform {
  required_providers {
    oauthlink = {
      source = "oauthlink/oauthlink"
    }
  }
}

variable "jira_token" {
  description = "Personal access token of a Jira system administrator."
  type        = string
  sensitive   = true
}

variable "external_data_api_token" {
  type      = string
  sensitive = true
}

provider "oauthlink" {
  # Needed only by the oauthlink_jira_* resources; OAUTHLINK_JIRA_URL and
  # OAUTHLINK_JIRA_TOKEN work as well.
  jira = {
    base_url = "https://jira.example.com"
    token    = var.jira_token
  }

  # Needed only by oauthlink_external_data_source; OAUTHLINK_EXTERNAL_DATA_URL
  # and OAUTHLINK_EXTERNAL_DATA_TOKEN work as well.
  external_data = {
    base_url  = "https://external-data.example.com"
    api_token = var.external_data_api_token
  }

  request_timeout = "30s"
  max_retries     = 4
}
