// Tests of the PascalCase re-keying: keys change at every level, values (even key-like text) do not.
import { describe, expect, it } from "vitest";
import { pascalCaseLine } from "./pascal-case.js";

describe("pascalCaseLine", () => {
  it("PascalCases every key, adds $type tags and leaves values alone", () => {
    const record = {
      type: "Microsoft.Security/assessments/subAssessments",
      subAssessmentEventDataEnrichment: {
        action: "Insert",
        apiVersion: "2019-01-01-preview",
        isSnapshot: false,
      },
      properties: {
        status: { code: "Unhealthy", severity: "High" },
        description: 'a value with "quoted": text and {"key":1} inside',
        resourceDetails: { source: "Aws", id: "x" },
        additionalData: {
          assessedResourceType: "AwsContainerRegistryVulnerability",
          cvss: { "2.0": null, "3.0": { base: 7.5 } },
          tags: ["latest", "lowercase:value"],
          softwareDetails: { evidence: ["rpm -qa --qf '%{NAME}:%{Sourcerpm}:\\n' | grep x"] },
        },
      },
    };
    const out = JSON.parse(pascalCaseLine(JSON.stringify(record)));
    expect(out).toEqual({
      $type: "subAssessmentEvent",
      Type: record.type,
      SubAssessmentEventDataEnrichment: {
        $type: "subAssessmentEventDataEnrichment",
        Action: "Insert",
        ApiVersion: "2019-01-01-preview",
        IsSnapshot: false,
      },
      Properties: {
        $type: "response/subAssessmentProperties",
        Status: { $type: "status", Code: "Unhealthy", Severity: "High" },
        Description: record.properties.description,
        ResourceDetails: { $type: "resourceDetails/aws", Source: "Aws", Id: "x" },
        AdditionalData: {
          $type: "additionalData/awsContainerRegistryVulnerability",
          AssessedResourceType: "AwsContainerRegistryVulnerability",
          Cvss: { "2.0": null, "3.0": { Base: 7.5 } },
          Tags: ["latest", "lowercase:value"],
          SoftwareDetails: { Evidence: record.properties.additionalData.softwareDetails.evidence },
        },
      },
    });
  });
});
