// Base-image operating systems: how each renders package versions, evidence, advisories and references.
import type { Prng } from "./prng.js";

export interface Advisory {
  readonly id: string;
  readonly url: string;
  readonly description: string;
}

export interface FixContext {
  readonly packageName: string;
  readonly cveId: string;
  readonly fixedVersion: string;
  /** e.g. `2025 July 10`. */
  readonly dateLabel: string;
}

export interface OsFlavor {
  /** `osVersion` as MDVM writes it, e.g. `ubuntu_linux_22.04`. */
  readonly osVersion: string;
  /** Human form for flat per-image data, e.g. `Ubuntu 22.04`. */
  readonly distribution: string;
  readonly vendor: string;
  readonly libc: "musl" | "glibc";
  readonly packager: "dpkg" | "rpm" | "apk";
  /** Installed and fixed package versions for an upstream version and a distro revision. */
  readonly installed: (upstream: string, revision: number) => string;
  readonly fixed: (upstream: string, revision: number) => string;
  /** A distro advisory for a package fix, or undefined when the distro publishes none. */
  readonly advisory: (prng: Prng, fix: FixContext) => Advisory | undefined;
  /** OVAL or tracker references the distro adds for a CVE. */
  readonly ovalReference: (prng: Prng, cveId: string) => { title: string; link: string };
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function ubuntu(release: string, codename: string): OsFlavor {
  return {
    osVersion: `ubuntu_linux_${release}`,
    distribution: `Ubuntu ${release}`,
    vendor: "ubuntu",
    libc: "glibc",
    packager: "dpkg",
    installed: (v, r) => `${v}-0ubuntu${release === "20.04" ? "0" : "1"}.${r}`,
    fixed: (v, r) => `${v}-0ubuntu${release === "20.04" ? "0" : "1"}.${r + 1}`,
    advisory: (prng, fix) => {
      const id = `USN-${prng.range(5800, 7200)}-${prng.range(1, 2)}`;
      return {
        id,
        url: `https://ubuntu.com/security/notices/${id}`,
        description: `${id}: ${capital(fix.packageName)} vulnerabilities ${fix.dateLabel}`,
      };
    },
    ovalReference: (prng, cve) => ({
      title: `${cve}_oval:com.ubuntu.${codename}:def:${prng.digits(11)}`,
      link: `https://security-metadata.canonical.com/oval/com.ubuntu.${codename}.usn.oval.xml.bz2`,
    }),
  };
}

function debian(release: string, codename: string): OsFlavor {
  return {
    osVersion: `debian_${release}`,
    distribution: `Debian ${release}`,
    vendor: "debian",
    libc: "glibc",
    packager: "dpkg",
    installed: (v, r) => `${v}-1~deb${release}u${r}`,
    fixed: (v, r) => `${v}-1~deb${release}u${r + 1}`,
    advisory: (prng) => {
      if (prng.chance(0.3)) return undefined;
      const id = `DSA-${prng.range(5300, 6000)}-1`;
      return {
        id,
        url: `https://security-tracker.debian.org/tracker/${id}`,
        description: `${id}: security update`,
      };
    },
    ovalReference: (prng, cve) => ({
      title: `${cve}_oval:org.debian:def:${prng.digits(38)}`,
      link: `https://www.debian.org/security/oval/oval-definitions-${codename}.xml.bz2`,
    }),
  };
}

function rpmDistro(
  osVersion: string,
  distribution: string,
  vendor: string,
  suffix: string,
  ovalName: string,
  ovalUrl: string,
): OsFlavor {
  return {
    osVersion,
    distribution,
    vendor,
    libc: "glibc",
    packager: "rpm",
    installed: (v, r) => `0:${v}-${r}.${suffix}`,
    fixed: (v, r) => `${v}-${r + 1}.${suffix}`,
    advisory: (prng, fix) => ({
      id: `${prng.range(20_000, 45_000)}-1`,
      url: `https://nvd.nist.gov/vuln/detail/${fix.cveId}`,
      description: `${fix.cveId} affecting package ${fix.packageName} for versions less than ${fix.fixedVersion} ${fix.dateLabel}`,
    }),
    ovalReference: (prng) => ({
      title: `oval:${ovalName}:def:${prng.range(10_000, 45_000)}`,
      link: ovalUrl,
    }),
  };
}

export const OS_FLAVORS: readonly OsFlavor[] = [
  ubuntu("22.04", "jammy"),
  ubuntu("20.04", "focal"),
  debian("12", "bookworm"),
  debian("11", "bullseye"),
  rpmDistro(
    "azure_linux_3",
    "Azure Linux 3.0",
    "microsoft",
    "azl3",
    "com.microsoft.azurelinux",
    "https://raw.githubusercontent.com/microsoft/AzureLinuxVulnerabilityData/main/azurelinux-3.0-oval.xml",
  ),
  rpmDistro(
    "cbl_mariner_2",
    "CBL-Mariner 2.0",
    "microsoft",
    "cm2",
    "com.microsoft.cbl-mariner",
    "https://raw.githubusercontent.com/microsoft/CBL-MarinerVulnerabilityData/main/cbl-mariner-2.0-oval.xml",
  ),
  {
    osVersion: "alpine_3.19",
    distribution: "Alpine 3.19",
    vendor: "alpine",
    libc: "musl",
    packager: "apk",
    installed: (v, r) => `${v}-r${r}`,
    fixed: (v, r) => `${v}-r${r + 1}`,
    advisory: () => undefined,
    ovalReference: (_prng, cve) => ({
      title: `${cve} (alpine secdb)`,
      link: "https://secdb.alpinelinux.org/v3.19/main.json",
    }),
  },
  {
    osVersion: "rhel_9",
    distribution: "Red Hat Enterprise Linux 9",
    vendor: "redhat",
    libc: "glibc",
    packager: "rpm",
    installed: (v, r) => `${v}-${r}.el9_3`,
    fixed: (v, r) => `${v}-${r + 1}.el9_4`,
    advisory: (prng, fix) => {
      const id = `RHSA-${prng.range(2023, 2026)}:${prng.range(1000, 9999)}`;
      return {
        id,
        url: `https://access.redhat.com/errata/${id}`,
        description: `${id}: ${fix.packageName} security update ${fix.dateLabel}`,
      };
    },
    ovalReference: (prng, cve) => ({
      title: `${cve}_oval:com.redhat.rhsa:def:${prng.digits(10)}`,
      link: "https://access.redhat.com/security/data/oval/v2/RHEL9/rhel-9.oval.xml.bz2",
    }),
  },
];

/** How often repositories are built on each flavor (same order as OS_FLAVORS). */
export const OS_FLAVOR_WEIGHTS: readonly number[] = [20, 8, 22, 8, 12, 5, 18, 7];

/** The command MDVM records as evidence for an OS package. */
export function osEvidence(flavor: OsFlavor, packageName: string): string[] {
  switch (flavor.packager) {
    case "dpkg": {
      const line = `dpkg-query -f '\${Package}:\${Source}:\\n' -W | grep -e ^${packageName}:.* -e .*:${packageName}: | cut -f 1 -d ':' | xargs dpkg-query -s`;
      return [line, line];
    }
    case "rpm":
      return [
        `rpm -qa --qf '%{NAME}:%{Sourcerpm}:\\n' | grep ${packageName} | cut -f 1 -d ':' | xargs rpm -qid`,
      ];
    case "apk":
      return [`apk info -a ${packageName}`];
  }
}
