/**
 * Links to a rule's page that resolve. The web address comes only from mlpc's own package.json
 * (`repository`, or a `homepage` that is a repository): an address made up here would be a dead link in
 * code scanning. Without one, an editor may still open the installed page as a file:// URL, which exists
 * when the package carries docs/rules/ (a clone, a path or git dependency); SARIF never gets a file:// link,
 * since it is read on another machine (GitHub), where the path of the machine that ran the lint is dead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../build/compiler-fingerprint.js';
import { RULE_PAGES_DIR } from './rule-docs.js';

export interface PackageManifest {
  repository?: string | { type?: string; url?: string; directory?: string };
  homepage?: string;
}

const SHORTHAND_HOSTS: Record<string, string> = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' };

/** `https://host/owner/name` from the forms npm accepts for `repository`; undefined for anything else. */
function repositoryWebUrl(spec: string): string | undefined {
  const shorthand = /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(spec);
  if (shorthand) return `https://${SHORTHAND_HOSTS[shorthand[1] ?? 'github']}/${shorthand[2]}/${shorthand[3]}`;
  const url = /^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?(?:#.*)?$/.exec(spec)
    ?? /^(?:[^@/]+@)?([^/:]+):([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(spec);
  return url ? `https://${url[1]}/${url[2]}/${url[3]}` : undefined;
}

/** The host's address of a file on the default branch: GitHub's and Bitbucket's HEAD, GitLab's `-/blob/HEAD`. */
function blobUrl(web: string, directory: string | undefined): string | undefined {
  const host = new URL(web).host;
  const folder = directory ? `${directory.replace(/^\/+|\/+$/g, '')}/` : '';
  if (host === 'github.com') return `${web}/blob/HEAD/${folder}`;
  if (host === 'gitlab.com') return `${web}/-/blob/HEAD/${folder}`;
  if (host === 'bitbucket.org') return `${web}/src/HEAD/${folder}`;
  return undefined;
}

export interface RepositoryAddresses {
  /** `https://github.com/o/n` */
  home: string;
  /** Prefix of its files on the default branch: `https://github.com/o/n/blob/HEAD/` */
  blob: string;
}

/**
 * The repository's web addresses, or undefined when package.json names no repository on a host whose file
 * addresses are known. A homepage counts only when it is such a repository (`https://github.com/o/n#readme`):
 * a docs site's layout is unknown here.
 */
export function repositoryAddresses(manifest: PackageManifest): RepositoryAddresses | undefined {
  const repository = typeof manifest.repository === 'string' ? { url: manifest.repository } : manifest.repository;
  const candidates: [string | undefined, string | undefined][] = [
    [repository?.url ? repositoryWebUrl(repository.url.trim()) : undefined, repository?.directory],
    [manifest.homepage ? /^https:\/\/[^/#?]+\/[\w.-]+\/[\w.-]+/.exec(manifest.homepage)?.[0]?.replace(/\.git$/, '') : undefined, undefined],
  ];
  for (const [home, directory] of candidates) {
    const blob = home ? blobUrl(home, directory) : undefined;
    if (home && blob) return { home, blob };
  }
  return undefined;
}

export interface RuleLinks {
  /** Undefined when package.json names no repository. */
  readonly repository: RepositoryAddresses | undefined;
  /** The rule page on the web, else the installed page as a file:// URL when it exists, else undefined. */
  editorUrl(ruleId: string): string | undefined;
}

export function ruleLinksFor(root: string, manifest: PackageManifest): RuleLinks {
  const repository = repositoryAddresses(manifest);
  return {
    repository,
    editorUrl(ruleId) {
      if (repository) return `${repository.blob}${RULE_PAGES_DIR}/${ruleId}.md`;
      const file = join(root, RULE_PAGES_DIR, `${ruleId}.md`);
      return existsSync(file) ? pathToFileURL(file).href : undefined;
    },
  };
}

let installed: RuleLinks | undefined;

/** The links of the running mlpc, from its package.json (read once). */
export function ruleLinks(): RuleLinks {
  if (!installed) {
    const root = packageRoot();
    installed = ruleLinksFor(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageManifest);
  }
  return installed;
}
