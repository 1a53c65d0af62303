// What the demo seed (`tessera seed-demo`, docs/webui.md) holds, as the browser test expects it.
export const DEMO = {
  users: [
    { email: 'user@test.com', password: 'user', role: 'user' },
    { email: 'team_admin@test.com', password: 'team_admin', role: 'team_admin' },
    { email: 'admin@test.com', password: 'admin', role: 'admin' },
  ],
  // Assets within depth 10 downstream of demo.analytics.orders.
  ordersRadius: 0,
  // The role whose team acknowledges the open proposal through the UI.
  acknowledgingRole: 'team_admin',
};
