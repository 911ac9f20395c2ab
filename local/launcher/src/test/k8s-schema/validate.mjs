// Validates Kubernetes objects against published schemas: kubernetes-models' validators, generated
// from the Kubernetes API's OpenAPI document (types, enums, required fields, formats) and from the
// CRDs KEDA and the Prometheus operator publish. Reads one JSON object per line on stdin and prints
// one line per object: "ok <i>", "invalid <i> <message>" or "noschema <i> <apiVersion> <kind>".
// Unknown fields are the Java side's job (StrictKubernetesModel): these validators allow them.
import { createInterface } from "node:readline";

const PACKAGES = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelOf(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const pkg = PACKAGES[group] ?? "kubernetes-models";
  if (pkg === "kubernetes-models" && group.includes(".") && !group.endsWith(".k8s.io")) {
    return undefined;
  }
  try {
    const module = await import(`${pkg}/${apiVersion}/${kind}`);
    return module[kind];
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      return undefined;
    }
    throw e;
  }
}

let index = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) {
    continue;
  }
  const i = index++;
  const object = JSON.parse(line);
  if (object.kind === "Secret" && object.data) {
    // kustomize's secretGenerator wraps long base64 values every 70 characters; the API server decodes
    // them with Go's base64, which skips line breaks, so compare what it decodes: the value unwrapped.
    for (const key of Object.keys(object.data)) {
      object.data[key] = String(object.data[key]).replace(/[\r\n]/g, "");
    }
  }
  const Model = await modelOf(object.apiVersion ?? "", object.kind ?? "");
  if (!Model) {
    console.log(`noschema ${i} ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok ${i}`);
  } catch (e) {
    console.log(`invalid ${i} ${String(e.message).replace(/\s+/g, " ")}`);
  }
}
