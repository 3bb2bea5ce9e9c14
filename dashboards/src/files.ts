import { alertRulesYaml } from './alerts.js';
import { dashboardJson } from './grafana.js';
import { healthDashboard } from './health-dashboard.js';
import { trafficDashboard } from './traffic-dashboard.js';

/** Every generated file under dashboards/, by name, with its content. */
export function generatedFiles(): Map<string, string> {
  const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
  return new Map([
    ['cloudflare.json', json(dashboardJson(trafficDashboard('import')))],
    ['cloudflare-otlp.json', json(dashboardJson(trafficDashboard('otlp')))],
    ['settle-health.json', json(dashboardJson(healthDashboard()))],
    ['settle-alerts.yaml', alertRulesYaml()],
  ]);
}
