// What the demo seed (`tessera seed-demo`, server/web/demo_seed.cpp) holds, as docs/webui.md
// lists it and the browser test expects it.
export const DEMO = {
  users: [
    { email: 'user@test.com', password: 'user', role: 'user' },
    { email: 'team_admin@test.com', password: 'team_admin', role: 'team_admin' },
    { email: 'admin@test.com', password: 'admin', role: 'admin' },
  ],
  // Assets within depth 10 downstream of demo.analytics.orders.
  ordersRadius: 16,
  // Data-quality audit runs reported on demo.analytics.orders.
  ordersAuditRuns: 5,
  // The role whose team (Marketing) is still to acknowledge the open proposal, through the UI.
  acknowledgingRole: 'team_admin',
};
