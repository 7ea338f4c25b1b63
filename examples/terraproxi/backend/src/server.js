// Stand-in for the TerraProxi backend: the mobile app creates accounts here; only this process
// talks to PostgreSQL. Configuration comes from the environment (docker-compose.yml).
const express = require('express');
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.set('trust proxy', 'loopback, uniquelocal'); // X-Forwarded-* from the nginx container
app.use(express.json());

app.get('/health', async (_req, res) => {
  try {
    await pool.query('select 1');
    res.json({ status: 'ok' });
  } catch {
    res.status(503).json({ status: 'database unreachable' });
  }
});

app.post('/users', async (req, res) => {
  const { rows } = await pool.query('insert into users (email) values ($1) returning id', [req.body.email]);
  res.status(201).json({ token: jwt.sign({ sub: rows[0].id }, process.env.JWT_SECRET, { expiresIn: '1h' }) });
});

app.listen(Number(process.env.PORT ?? 3000), '0.0.0.0');
