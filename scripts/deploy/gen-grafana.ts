/**
 * Writes the dashboards of scripts/deploy/grafana-dashboards.ts into deploy/grafana/dashboards/
 * (provisioned by compose). scripts/deploy/gen-grafana.test.ts fails when the committed files differ
 * from what this produces. `npm run gen:grafana` runs this, then gen-k8s.ts, which puts the same
 * dashboards in a ConfigMap for Kubernetes.
 */
import * as prettier from 'prettier';
import { DASHBOARDS, type LinkBases, LOCAL_LINK_BASES } from './grafana-dashboards';
import { writeWhenRun } from './generated';

export const DASHBOARDS_DIR = 'deploy/grafana/dashboards';

/** One dashboard as the JSON text Grafana provisions (prettier-formatted, like the repository). */
export async function dashboardJson(
  render: (bases: LinkBases) => object,
  bases: LinkBases,
): Promise<string> {
  const text = JSON.stringify(render(bases), null, 2);
  return prettier.format(text, { parser: 'json', printWidth: 100 });
}

/** Every generated file, by path from the repository root. */
export async function renderGrafana(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [name, render] of Object.entries(DASHBOARDS)) {
    files[`${DASHBOARDS_DIR}/${name}`] = await dashboardJson(render, LOCAL_LINK_BASES);
  }
  return files;
}

writeWhenRun(__filename, renderGrafana);
