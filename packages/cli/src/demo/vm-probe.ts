/** Where the demo looks for a VictoriaMetrics to send to as well. */
export const DEMO_VM_URL = 'http://127.0.0.1:8428';

/** True when something answers VictoriaMetrics' `/health` with "OK" within a second. */
export async function victoriaMetricsAnswers(url = DEMO_VM_URL): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    return res.ok && (await res.text()).trim() === 'OK';
  } catch {
    return false;
  }
}
