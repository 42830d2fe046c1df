{{/* Names and labels shared by the chart's templates. */}}

{{- define "vpngw.name" -}}
vpngw-operator
{{- end -}}

{{/* The operator's objects are named after the release, except for the default release name "vpngw". */}}
{{- define "vpngw.fullname" -}}
{{- if eq .Release.Name "vpngw" -}}
vpngw-operator
{{- else -}}
{{- printf "%s-vpngw-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "vpngw.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "vpngw.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "vpngw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vpngw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "vpngw.labels" -}}
{{ include "vpngw.selectorLabels" . }}
app.kubernetes.io/part-of: vpngw
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* repository:tag, or repository@digest when a digest is given; the tag defaults to appVersion. */}}
{{- define "vpngw.image" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .appVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "vpngw.operatorImage" -}}
{{- include "vpngw.image" (dict "image" .Values.operator.image "appVersion" .Chart.AppVersion) -}}
{{- end -}}

{{- define "vpngw.gatewayImage" -}}
{{- include "vpngw.image" (dict "image" .Values.gateway.image "appVersion" .Chart.AppVersion) -}}
{{- end -}}
