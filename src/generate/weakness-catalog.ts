// CWE weaknesses with the phrases used to write plausible (AI-style) vulnerability descriptions.

export interface Weakness {
  /** `CWE-787`, or an NVD placeholder such as `NVD-CWE-noinfo`. */
  readonly id: string;
  readonly title: string;
  /** What goes wrong, completing "…because of …". */
  readonly mechanism: string;
  /** What an attacker gains, completing "could …". */
  readonly impact: string;
  /** Relative frequency. */
  readonly weight: number;
  /** Web-application weaknesses only make sense in language packages. */
  readonly webOnly?: boolean;
}

export const WEAKNESSES: readonly Weakness[] = [
  {
    id: "CWE-787",
    title: "out-of-bounds write",
    mechanism:
      "insufficient bounds checking when copying attacker-controlled data into a fixed-size buffer",
    impact: "corrupt memory, crash the process or execute arbitrary code",
    weight: 9,
  },
  {
    id: "CWE-125",
    title: "out-of-bounds read",
    mechanism: "a missing length check while parsing a crafted input record",
    impact: "disclose adjacent memory contents or crash the process",
    weight: 8,
  },
  {
    id: "CWE-416",
    title: "use-after-free",
    mechanism: "an object being referenced after it has been released on an error path",
    impact: "cause memory corruption leading to denial of service or code execution",
    weight: 6,
  },
  {
    id: "CWE-476",
    title: "NULL pointer dereference",
    mechanism: "an unchecked return value when a lookup fails under unusual conditions",
    impact: "crash the affected service, resulting in denial of service",
    weight: 6,
  },
  {
    id: "CWE-20",
    title: "improper input validation",
    mechanism: "inputs not being validated before they are used in security-relevant decisions",
    impact: "bypass intended restrictions or trigger unexpected behaviour",
    weight: 7,
  },
  {
    id: "CWE-400",
    title: "uncontrolled resource consumption",
    mechanism: "processing of specially crafted requests without limits on CPU or memory use",
    impact: "exhaust system resources and deny service to legitimate users",
    weight: 7,
  },
  {
    id: "CWE-1333",
    title: "inefficient regular expression complexity",
    mechanism: "a regular expression with catastrophic backtracking on crafted input",
    impact: "cause excessive CPU consumption (ReDoS)",
    weight: 3,
  },
  {
    id: "CWE-22",
    title: "path traversal",
    mechanism: "file names containing `../` sequences not being normalized before use",
    impact: "read or overwrite files outside the intended directory",
    weight: 4,
  },
  {
    id: "CWE-79",
    title: "cross-site scripting",
    mechanism: "user-supplied content being reflected into generated HTML without escaping",
    impact: "execute script in a victim's browser session",
    weight: 3,
    webOnly: true,
  },
  {
    id: "CWE-89",
    title: "SQL injection",
    mechanism: "query fragments being built by concatenating untrusted input",
    impact: "read or modify database contents",
    weight: 2,
    webOnly: true,
  },
  {
    id: "CWE-94",
    title: "code injection",
    mechanism: "untrusted template or configuration content being evaluated as code",
    impact: "execute arbitrary code with the privileges of the application",
    weight: 2,
  },
  {
    id: "CWE-502",
    title: "deserialization of untrusted data",
    mechanism: "type information in serialized payloads being trusted during deserialization",
    impact: "execute arbitrary code remotely",
    weight: 3,
  },
  {
    id: "CWE-190",
    title: "integer overflow",
    mechanism: "a size calculation that wraps around before a buffer is allocated",
    impact: "trigger a heap overflow, memory corruption or a crash",
    weight: 5,
  },
  {
    id: "CWE-200",
    title: "exposure of sensitive information",
    mechanism: "sensitive values being written to logs, errors or responses",
    impact: "obtain credentials or other sensitive data",
    weight: 4,
  },
  {
    id: "CWE-295",
    title: "improper certificate validation",
    mechanism: "certificate chains not being fully verified in some code paths",
    impact: "intercept or tamper with encrypted traffic (man-in-the-middle)",
    weight: 3,
  },
  {
    id: "CWE-362",
    title: "race condition",
    mechanism: "concurrent access to shared state without proper synchronization",
    impact: "cause data corruption or escalate privileges",
    weight: 2,
  },
  {
    id: "CWE-770",
    title: "allocation of resources without limits",
    mechanism: "an unbounded number of objects being allocated for a single request",
    impact: "exhaust memory and crash the service",
    weight: 4,
  },
  {
    id: "CWE-918",
    title: "server-side request forgery",
    mechanism: "redirect targets and URLs supplied by users not being restricted",
    impact: "reach internal services that should not be exposed",
    weight: 2,
    webOnly: true,
  },
  {
    id: "CWE-611",
    title: "XML external entity reference",
    mechanism: "external entities being resolved while parsing untrusted XML",
    impact: "read local files or perform server-side requests",
    weight: 2,
  },
  {
    id: "CWE-113",
    title: "HTTP header injection",
    mechanism: "CRLF sequences in user input being written into response headers",
    impact: "split responses or poison caches",
    weight: 1,
    webOnly: true,
  },
  {
    id: "CWE-835",
    title: "infinite loop",
    mechanism: "a loop exit condition that is never reached for malformed input",
    impact: "hang the process and deny service",
    weight: 3,
  },
  {
    id: "CWE-401",
    title: "memory leak",
    mechanism: "allocated memory not being released when a connection is aborted",
    impact: "gradually exhaust memory and degrade availability",
    weight: 2,
  },
  {
    id: "CWE-120",
    title: "classic buffer overflow",
    mechanism: "input being copied without checking its size against the destination",
    impact: "overwrite adjacent memory and potentially execute code",
    weight: 3,
  },
  {
    id: "CWE-606",
    title: "unchecked input for loop condition",
    mechanism: "attacker-controlled values being used as loop bounds",
    impact: "cause excessive processing time",
    weight: 1,
  },
  {
    id: "NVD-CWE-noinfo",
    title: "vulnerability",
    mechanism: "an issue whose root cause has not been publicly detailed",
    impact: "affect the confidentiality, integrity or availability of the system",
    weight: 3,
  },
  {
    id: "NVD-CWE-Other",
    title: "security weakness",
    mechanism: "a flaw in the handling of certain edge cases",
    impact: "affect the security of the application",
    weight: 2,
  },
];

/** "a" or "an" for a weakness title. */
export function articleFor(title: string): "A" | "An" {
  return /^(?:[aeio]|un|HTTP|XML)/i.test(title) ? "An" : "A";
}
