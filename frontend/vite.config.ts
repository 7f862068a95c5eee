import { defineConfig } from 'vite';

// The built dashboard goes straight into the Spring Boot jar's static resources.
const backend = 'http://localhost:8080';

export default defineConfig({
  base: '/',
  build: {
    outDir: '../target/classes/static',
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': backend,
      '/actuator': backend,
    },
  },
});
