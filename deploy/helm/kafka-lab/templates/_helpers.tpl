{{/* The chart's name, at most 63 characters. */}}
{{- define "kafka-lab.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's objects' name: the release name, with the chart's unless it has it. */}}
{{- define "kafka-lab.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Labels that select the daemon's pods. */}}
{{- define "kafka-lab.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafka-lab.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "kafka-lab.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "kafka-lab.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* kafka-lab's configuration: the values' config with the keys the chart sets. */}}
{{- define "kafka-lab.config" -}}
{{- $config := deepCopy .Values.config }}
{{- $metrics := get $config "metrics" | default dict }}
{{- $_ := set $metrics "listen" (printf "0.0.0.0:%v" .Values.metrics.port) }}
{{- if .Values.metrics.webConfigSecret.name }}
{{- $_ := set $metrics "web_config_file" (printf "/etc/kafka-lab/web/%s" .Values.metrics.webConfigSecret.key) }}
{{- end }}
{{- $_ := set $config "metrics" $metrics }}
{{- $pipeline := get $config "pipeline" | default dict }}
{{- $_ := set $pipeline "state_dir" "/var/lib/kafka-lab" }}
{{- $_ := set $config "pipeline" $pipeline }}
{{- $kafka := get $config "kafka" | default dict }}
{{- with .Values.kafka.saslPasswordSecret }}
{{- if .name }}
{{- $_ := set $kafka "sasl_password_file" (printf "/etc/kafka-lab/sasl/%s" .key) }}
{{- end }}
{{- end }}
{{- with .Values.kafka.tlsSecret }}
{{- if .name }}
{{- $_ := set $kafka "ssl_ca_location" (printf "/etc/kafka-lab/kafka-tls/%s" .caKey) }}
{{- if .certificateKey }}
{{- $_ := set $kafka "ssl_certificate_location" (printf "/etc/kafka-lab/kafka-tls/%s" .certificateKey) }}
{{- $_ := set $kafka "ssl_key_location" (printf "/etc/kafka-lab/kafka-tls/%s" .keyKey) }}
{{- end }}
{{- end }}
{{- end }}
{{- $_ := set $config "kafka" $kafka }}
{{- range $section, $keys := $config }}
[{{ $section }}]
{{- range $key, $value := $keys }}
{{ $key }} = {{ toJson $value }}
{{- end }}
{{ end }}
{{- end }}
