/** The learner's own to-do list and completions (GET /api/me/todo). */
import { Router } from 'express';
import { requireUser } from '../auth/require-role.js';
import type { TodoListService } from './todo.js';

export function createTodoRouter(todo: TodoListService): Router {
  const router = Router();
  router.get('/api/me/todo', requireUser, async (req, res) => {
    res.json(await todo.forPerson(req.user!));
  });
  return router;
}
