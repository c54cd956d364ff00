/**
 * The pages' one script: plain JavaScript for current browsers, no framework
 * and no build step. It is kept as a string (String.raw, so backslashes stay
 * as written; the code uses no backticks and no "${" so nothing is
 * interpolated) and served by the API at /web/sarp.js.
 *
 * Rules it keeps:
 * - everything from the API is personal data and goes into the page as text
 *   (textContent / text nodes), never as markup;
 * - the token lives in sessionStorage (gone when the tab closes) and is sent
 *   only to this origin, as a bearer token; it is never logged;
 * - every refusal of the API (RFC 7807 problem details) is shown in the
 *   role=alert region, and every change of state is announced in the
 *   role=status region;
 * - after a command, the page waits for the read model to catch up with the
 *   command's last event (a bounded poll with backoff) before it re-renders.
 */
export const SCRIPT = String.raw`(function () {
  'use strict';

  var TOKEN_KEY = 'sarp.token';
  var USER_KEY = 'sarp.user';
  var PAGE_SIZE = 25;
  /** How long the page waits for the read model after a command before it shows what it has. */
  var CATCH_UP_LIMIT_MS = 15000;

  // ------------------------------------------------------------------ helpers

  function byId(id) {
    return document.getElementById(id);
  }

  /** Builds an element; strings and numbers among the children become text nodes, never markup. */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, value === true ? '' : String(value));
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === undefined || child === null || child === false) return;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  var dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  var money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

  function timeEl(iso) {
    if (!iso) return document.createTextNode('not set');
    var date = new Date(iso);
    if (isNaN(date.getTime())) return document.createTextNode(String(iso));
    return el('time', { datetime: date.toISOString() }, dateTime.format(date));
  }

  function words(value) {
    if (value === null || value === undefined || value === '') return 'not given';
    var text = String(value).replace(/_/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function tag(priority) {
    return el('span', { class: 'tag tag-' + (priority === 'crisis' ? 'crisis' : 'standard') }, words(priority));
  }

  // ------------------------------------------------------------------ session

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function currentUser() {
    try {
      return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null');
    } catch (error) {
      return null;
    }
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  }

  function showSession() {
    var user = currentUser();
    var session = byId('session');
    if (!session) return;
    if (!token() || !user) {
      session.hidden = true;
      return;
    }
    byId('session-user').textContent = user.userId;
    byId('session-role').textContent = words(user.role).toLowerCase();
    session.hidden = false;
    byId('sign-out').addEventListener('click', function () {
      signOut();
      window.location.assign('/login');
    });
  }

  // ------------------------------------------------------------------ talking to the API

  /** A refusal of the API, carrying its problem details. */
  function ApiProblem(status, problem) {
    this.name = 'ApiProblem';
    this.status = status;
    this.problem = problem || {};
    this.message = (problem && (problem.detail || problem.title)) || 'The request failed (' + status + ')';
  }
  ApiProblem.prototype = Object.create(Error.prototype);

  function SignedOut(reason) {
    this.name = 'SignedOut';
    this.message = reason;
  }
  SignedOut.prototype = Object.create(Error.prototype);

  async function api(method, path, body) {
    var headers = { accept: 'application/json, application/problem+json' };
    var bearer = token();
    if (bearer) headers.authorization = 'Bearer ' + bearer;
    if (body !== undefined) headers['content-type'] = 'application/json';
    var response;
    try {
      response = await fetch(path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      throw new ApiProblem(0, { title: 'SARP could not be reached', detail: 'Check your connection and try again.' });
    }
    var payload = null;
    if (/json/.test(response.headers.get('content-type') || '')) {
      payload = await response.json().catch(function () {
        return null;
      });
    }
    if (response.ok) return payload;
    if (response.status === 401 && bearer) {
      signOut();
      throw new SignedOut('Your sign-in has ended or is not valid any more. Sign in again to go on.');
    }
    throw new ApiProblem(response.status, payload || { title: response.statusText || 'The request failed' });
  }

  /** The region with role=alert: what went wrong, in the API's own words (title, detail, each wrong field). */
  function showProblem(error) {
    var region = byId('problem');
    var problem = error instanceof ApiProblem ? error.problem : { title: 'Something went wrong', detail: String(error && error.message) };
    var content = [el('h2', {}, 'There is a problem'), el('p', { class: 'problem-title' }, problem.title || 'The request failed')];
    if (problem.detail && problem.detail !== problem.title) content.push(el('p', { class: 'problem-detail' }, problem.detail));
    if (Array.isArray(problem.errors) && problem.errors.length > 0) {
      content.push(
        el(
          'ul',
          {},
          problem.errors.map(function (item) {
            return el('li', {}, String(item.field) + ': ' + String(item.message));
          }),
        ),
      );
    }
    region.replaceChildren.apply(region, content);
  }

  function clearProblem() {
    byId('problem').replaceChildren();
  }

  /** The polite live region: says what changed, for everyone (it is also visible). */
  function announce(message) {
    var region = byId('announcer');
    region.textContent = '';
    // A fresh text node after a tick, so that the same message said twice is announced twice.
    setTimeout(function () {
      region.textContent = message;
    }, 30);
  }

  function handle(error) {
    if (error instanceof SignedOut) return showSignedOut(error.message);
    showProblem(error);
  }

  // ------------------------------------------------------------------ login page

  function initLogin() {
    showSession();
    var form = byId('login-form');
    var userInput = byId('user-id');
    if (currentUser()) userInput.value = currentUser().userId;
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      clearProblem();
      var button = byId('sign-in');
      button.disabled = true;
      try {
        var userId = userInput.value.trim();
        var role = byId('role').value;
        var answer = await api('POST', '/auth/local-token', { userId: userId, role: role });
        sessionStorage.setItem(TOKEN_KEY, answer.token);
        sessionStorage.setItem(USER_KEY, JSON.stringify({ userId: userId, role: role }));
        announce('Signed in as ' + userId + '. Opening the worklist.');
        window.location.assign('/panel');
      } catch (error) {
        showProblem(error);
        byId('problem').focus();
        button.disabled = false;
      }
    });
  }

  // ------------------------------------------------------------------ panel page

  var view = { offset: 0, total: 0, task: null, pathway: null, busy: false };

  function showSignedOut(reason) {
    byId('agenda').hidden = true;
    byId('case').hidden = true;
    byId('session').hidden = true;
    if (reason) byId('signed-out-reason').textContent = reason;
    byId('signed-out').hidden = false;
  }

  function filters() {
    var form = byId('filters');
    var query = new URLSearchParams();
    var status = form.elements.status.value;
    var priority = form.elements.priority.value;
    var dueBefore = form.elements.dueBefore.value;
    if (status) query.set('status', status);
    if (priority) query.set('priority', priority);
    if (dueBefore) query.set('dueBefore', new Date(dueBefore + 'T00:00:00').toISOString());
    if (form.elements.assignedToMe.checked) query.set('assignedToMe', 'true');
    query.set('sort', form.elements.sort.value);
    query.set('limit', String(PAGE_SIZE));
    query.set('offset', String(view.offset));
    return query;
  }

  function describeFilters() {
    var form = byId('filters');
    var parts = [];
    parts.push(form.elements.status.value ? words(form.elements.status.value).toLowerCase() : 'any status');
    if (form.elements.priority.value) parts.push(form.elements.priority.value + ' only');
    if (form.elements.dueBefore.value) parts.push('due before ' + form.elements.dueBefore.value);
    if (form.elements.assignedToMe.checked) parts.push('assigned to me');
    var sort = form.elements.sort;
    parts.push('sorted: ' + sort.options[sort.selectedIndex].text.toLowerCase());
    return parts.join(', ');
  }

  async function loadAgenda() {
    var result = await api('GET', '/worklist?' + filters().toString());
    view.total = result.total;
    renderAgenda(result.items, result.total);
    return result;
  }

  function renderAgenda(items, total) {
    var shown = items.length === 0 ? 'none' : view.offset + 1 + ' to ' + (view.offset + items.length) + ' of ' + total;
    byId('tasks-caption').textContent = 'Panel tasks (' + describeFilters() + '): showing ' + shown;
    var sort = byId('filters').elements.sort.value;
    document.querySelectorAll('#tasks thead th').forEach(function (th) {
      if (th.getAttribute('data-sort') === sort) th.setAttribute('aria-sort', sort === 'priority' ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    });
    var body = byId('tasks-body');
    if (items.length === 0) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 7 }, 'No tasks match these filters.')));
    } else {
      body.replaceChildren.apply(
        body,
        items.map(function (task) {
          var summary = task.summary || {};
          return el('tr', {}, [
            el('th', { scope: 'row' }, el('a', { href: '#task/' + encodeURIComponent(task.taskId) }, task.personId)),
            el('td', {}, tag(task.priority)),
            el('td', {}, words(summary.requestedModel)),
            el('td', {}, timeEl(task.dueAt)),
            el('td', {}, timeEl(task.referredAt)),
            el('td', {}, words(task.status)),
            el('td', {}, String(task.deferrals || 0)),
          ]);
        }),
      );
    }
    byId('pager').hidden = total <= PAGE_SIZE;
    byId('page-previous').disabled = view.offset === 0;
    byId('page-next').disabled = view.offset + PAGE_SIZE >= total;
    byId('page-position').textContent =
      'Page ' + (Math.floor(view.offset / PAGE_SIZE) + 1) + ' of ' + Math.max(1, Math.ceil(total / PAGE_SIZE));
  }

  function row(term, value) {
    return [el('dt', {}, term), el('dd', {}, value)];
  }

  function list(items, empty) {
    if (!Array.isArray(items) || items.length === 0) return el('p', {}, empty);
    return el(
      'ul',
      {},
      items.map(function (item) {
        return el('li', {}, item);
      }),
    );
  }

  /** The case summary: every value from the API written as text. */
  function renderCase(task, pathway) {
    var summary = task.summary || {};
    var risk = summary.risk || {};
    var eligibility = summary.eligibility || {};
    byId('case-heading').textContent = 'Case ' + task.personId;

    var state = el('p', { class: 'case-state', id: 'case-state' }, [
      'Task: ',
      el('strong', { id: 'task-status' }, words(task.status)),
      task.decision ? ' (' + words(task.decision).toLowerCase() + ')' : '',
      '. Pathway stage: ',
      el('strong', { id: 'pathway-stage' }, pathway ? words(pathway.stage).toLowerCase() : 'not known'),
      '.',
    ]);

    var overview = [].concat(
      row('Person', task.personId),
      row('Priority', tag(task.priority)),
      row('Due', timeEl(task.dueAt)),
      row('Deferrals', String(task.deferrals || 0)),
      row('Referred', [timeEl(task.referredAt), ' by ', task.referredBy]),
      row('Assessed by', task.assessedBy || 'not known'),
      // Only a pending task is held by anyone: afterwards the claim is history.
      task.claimedBy ? row(task.status === 'pending' ? 'Claimed by' : 'Was claimed by', task.claimedBy) : [],
      task.decision
        ? row('Decision', [words(task.decision), ' by ', task.decidedBy || 'unknown', ' on ', timeEl(task.decidedAt)])
        : [],
    );

    var requested = [].concat(
      row('Placement model', words(summary.requestedModel)),
      row(
        'Package',
        typeof summary.requestedPackageHours === 'number' ? summary.requestedPackageHours + ' hours a week' : 'not given',
      ),
      row(
        'Weekly funding',
        typeof summary.requestedWeeklyFunding === 'number' ? money.format(summary.requestedWeeklyFunding) : 'not given',
      ),
      row(
        'Care bundles',
        Array.isArray(summary.careBundles) && summary.careBundles.length > 0 ? summary.careBundles.join(', ') : 'none',
      ),
    );

    var content = [
      state,
      el('dl', { class: 'summary', 'aria-label': 'Task' }, overview),
      el('h3', {}, 'Needs'),
      list(summary.needs, 'No needs recorded.'),
      el('h3', {}, 'Risk'),
      el('dl', { class: 'summary', 'aria-label': 'Risk' }, [].concat(
        row('Level', words(risk.level)),
        row('Summary', risk.summary || 'not given'),
        row('Positive risk-taking', risk.positiveRiskTaking || 'none recorded'),
      )),
      el('h3', {}, 'Eligibility'),
      el('dl', { class: 'summary', 'aria-label': 'Eligibility' }, [].concat(
        row('Outcome', words(eligibility.outcome)),
        row('Criteria', eligibility.criteriaSet || 'not given'),
        row('Criteria version', eligibility.criteriaVersion || 'not given'),
      )),
      el('h3', {}, 'Requested'),
      el('dl', { class: 'summary', 'aria-label': 'Requested' }, requested),
      el('h3', {}, 'Why the case is complex'),
      list(
        (summary.rulesFired || []).map(function (fired) {
          return [el('strong', {}, fired.rule), ': ', fired.reason];
        }),
        'No complexity rule recorded.',
      ),
    ];
    if (Array.isArray(task.comments)) {
      content.push(el('h3', {}, 'Comments'));
      content.push(
        list(
          task.comments.map(function (comment) {
            var role = words(comment.authorRole).toLowerCase();
            return [el('strong', {}, comment.author), ' (', role, ', ', timeEl(comment.writtenAt), '): ', comment.comment];
          }),
          'No comments yet.',
        ),
      );
    }
    var holder = byId('case-summary');
    holder.replaceChildren.apply(holder, content);
    renderActions(task);
  }

  /** A panel decision in words: what was decided and its terms. */
  function describeDecision(decision) {
    if (!decision) return 'nothing';
    switch (decision.decision) {
      case 'approved':
        return (
          'Approve: ' + words(decision.model).toLowerCase() + ' placement, ' + decision.packageHours + ' hours of support a week, ' +
          money.format(decision.weeklyFunding) + ' a week' +
          (decision.conditions && decision.conditions.length > 0 ? '; conditions: ' + decision.conditions.join('; ') : '; no conditions')
        );
      case 'rejected':
        return 'Reject: ' + decision.reason;
      case 'deferred':
        return 'Defer to the next sitting: ' + decision.reason;
      case 'more_information_requested':
        return (
          'Ask the assessor for more information by ' + dateTime.format(new Date(decision.dueBy)) + ': ' +
          decision.informationRequested
        );
      default:
        return words(decision.decision);
    }
  }

  /** What the signed-in person can do next: claim or release, confirm someone else's proposal, or propose. */
  function renderActions(task) {
    var user = currentUser() || {};
    byId('case-actions').hidden = task.status !== 'pending';
    var claimedBy = task.claimedBy || null;
    byId('claim').hidden = Boolean(claimedBy);
    byId('unclaim').hidden = !claimedBy || (claimedBy !== user.userId && user.role !== 'panel_chair');

    // The chair's own controls: assign the case, and (crisis cases only) decide alone.
    var chair = user.role === 'panel_chair' && task.status === 'pending';
    byId('assign-form').hidden = !chair;
    byId('urgent-decision').hidden = !(chair && task.priority === 'crisis');

    var proposal = task.proposal || null;
    var mine = Boolean(proposal && proposal.proposedBy === user.userId);
    byId('proposal').hidden = !proposal;
    byId('confirm-decision').hidden = !proposal || mine;
    byId('decision-form').hidden = Boolean(proposal && !mine);
    if (proposal) {
      byId('proposal-text').replaceChildren(
        el('p', {}, [el('strong', {}, proposal.proposedBy), ' proposes: ', describeDecision(proposal.decision)]),
      );
      byId('proposal-next').textContent = mine
        ? 'It waits for a second person, the chair or another member, to confirm it. You can change it by proposing again.'
        : 'A decision needs two people: confirm it to record it. Only ' + proposal.proposedBy + ' can change it.';
    }
  }

  /** Fills the approval with what the assessor asked for, so the panel confirms or changes it. */
  function prefillDecision(task) {
    var summary = task.summary || {};
    var form = byId('decision-form');
    form.reset();
    if (summary.requestedModel) form.elements.model.value = summary.requestedModel;
    if (typeof summary.requestedPackageHours === 'number') form.elements.packageHours.value = String(summary.requestedPackageHours);
    if (typeof summary.requestedWeeklyFunding === 'number') form.elements.weeklyFunding.value = String(summary.requestedWeeklyFunding);
    showDecisionFields();
  }

  function showDecisionFields() {
    var form = byId('decision-form');
    var chosen = form.elements.decision.value;
    form.querySelectorAll('fieldset[data-decisions]').forEach(function (group) {
      var on = group.getAttribute('data-decisions').split(' ').indexOf(chosen) >= 0;
      group.hidden = !on;
      group.disabled = !on;
    });
  }

  function number(input) {
    var text = input.value.trim();
    return text === '' ? null : Number(text);
  }

  /** The body of a decision: exactly the panel decision, nothing else. */
  function decisionBody() {
    var form = byId('decision-form');
    var decision = form.elements.decision.value;
    if (decision === 'approved') {
      return {
        decision: 'approved',
        model: form.elements.model.value,
        packageHours: number(form.elements.packageHours),
        weeklyFunding: number(form.elements.weeklyFunding),
        conditions: form.elements.conditions.value
          .split('\n')
          .map(function (line) {
            return line.trim();
          })
          .filter(Boolean),
      };
    }
    if (decision === 'rejected' || decision === 'deferred') return { decision: decision, reason: form.elements.reason.value.trim() };
    var due = form.elements.dueBy.value;
    return {
      decision: 'more_information_requested',
      informationRequested: form.elements.informationRequested.value.trim(),
      // End of that working day, in the panel member's time zone.
      dueBy: due ? new Date(due + 'T17:00:00').toISOString() : '',
    };
  }

  function lastSequence(result) {
    var events = (result && result.events) || [];
    var sequences = events
      .map(function (event) {
        return event.sequence;
      })
      .filter(function (sequence) {
        return typeof sequence === 'number';
      });
    return sequences.length > 0 ? Math.max.apply(Math, sequences) : undefined;
  }

  /**
   * Waits until the read model has projected the command's last event: reads
   * the task and its pathway with ?atLeastSequence (the API holds each read
   * until it has projected that far, for a few seconds at most), checks the
   * pathway's lastSequence, and reads again after a growing pause if it is
   * still behind. After CATCH_UP_LIMIT_MS it stops and shows what it has.
   */
  async function waitForProjection(task, sequence) {
    var giveUpAt = Date.now() + CATCH_UP_LIMIT_MS;
    // The API itself holds a read back for a few seconds until it has projected this far (read-your-writes).
    var atLeast = sequence === undefined ? '' : '?atLeastSequence=' + sequence;
    for (var pause = 50; ; pause = Math.min(pause * 2, 1000)) {
      var answers = await Promise.all([
        api('GET', '/tasks/' + encodeURIComponent(task.taskId) + atLeast),
        api('GET', '/pathways/' + encodeURIComponent(task.pathwayId) + atLeast),
      ]);
      var fresh = answers[0];
      var pathway = answers[1];
      var caughtUp = sequence === undefined || pathway.lastSequence >= sequence;
      if (caughtUp || Date.now() + pause > giveUpAt) return { task: fresh, pathway: pathway, caughtUp: caughtUp };
      await sleep(pause);
    }
  }

  function visible(element) {
    return Boolean(element && element.isConnected && !element.disabled && element.getClientRects().length > 0);
  }

  /**
   * Runs a command on the open task, waits for the read model, re-renders and
   * says what changed. Focus stays on the control that was used, or moves to
   * its successor (e.g. Claim becomes Unclaim), or to the case heading.
   */
  async function runCommand(what, send, successorId) {
    if (view.busy || !view.task) return;
    var task = view.task;
    var origin = document.activeElement;
    var failed = null;
    var section = byId('case');
    view.busy = true;
    section.setAttribute('aria-busy', 'true');
    document.querySelectorAll('#case-actions button').forEach(function (button) {
      button.disabled = true;
    });
    clearProblem();
    announce(what + ': sending…');
    try {
      var result = await send(task);
      announce(what + ': accepted, updating the worklist…');
      var after = await waitForProjection(task, lastSequence(result));
      view.task = after.task;
      view.pathway = after.pathway;
      renderCase(after.task, after.pathway);
      var said = what + ' done. Task ' + words(after.task.status).toLowerCase();
      if (after.task.decision) said += ' (' + words(after.task.decision).toLowerCase() + ')';
      if (after.task.claimedBy && after.task.status === 'pending') said += ', claimed by ' + after.task.claimedBy;
      if (after.task.proposal) said += ', decision proposed by ' + after.task.proposal.proposedBy + ' waiting for confirmation';
      said += '; pathway stage ' + words(after.pathway.stage).toLowerCase() + '.';
      if (!after.caughtUp) said += ' The worklist has not caught up yet: reload in a moment to see the latest.';
      announce(said);
      loadAgenda().catch(handle);
      return result;
    } catch (error) {
      failed = error;
      handle(error);
      if (error instanceof ApiProblem) announce(what + ' was not done.');
    } finally {
      view.busy = false;
      section.removeAttribute('aria-busy');
      document.querySelectorAll('#case-actions button').forEach(function (button) {
        button.disabled = false;
      });
      if (failed instanceof ApiProblem) byId('problem').focus();
      else if (!failed) restoreFocus(origin, successorId);
    }
  }

  function restoreFocus(origin, successorId) {
    if (visible(origin)) return origin.focus();
    var successor = successorId ? byId(successorId) : null;
    if (visible(successor)) return successor.focus();
    byId('case-heading').focus();
  }

  function post(path, body) {
    return api('POST', path, body);
  }

  function taskPath(task, action) {
    return '/tasks/' + encodeURIComponent(task.taskId) + '/' + action;
  }

  /** A route the API does not have yet (Nest's own 404), as opposed to a 404 about the task. */
  function missingRoute(error) {
    return error instanceof ApiProblem && error.status === 404 && (!error.problem.type || error.problem.type === 'about:blank');
  }

  async function sendDecision(task) {
    var body = decisionBody();
    try {
      return await post(taskPath(task, 'decision'), body);
    } catch (error) {
      // Until the worklist's own decision command is served, the pathway command takes the same decision.
      if (!missingRoute(error)) throw error;
      return post('/pathways/' + encodeURIComponent(task.pathwayId) + '/panel-decision', body);
    }
  }

  /** The chair alone records the decision (crisis cases, within 24 hours of referral to panel; the API says why not otherwise). */
  function sendUrgentDecision(task) {
    return post('/pathways/' + encodeURIComponent(task.pathwayId) + '/panel-decision', decisionBody());
  }

  async function openTask(taskId) {
    clearProblem();
    var task = await api('GET', '/tasks/' + encodeURIComponent(taskId));
    var pathway = await api('GET', '/pathways/' + encodeURIComponent(task.pathwayId)).catch(function () {
      return null;
    });
    view.task = task;
    view.pathway = pathway;
    renderCase(task, pathway);
    prefillDecision(task);
    byId('comment-text').value = '';
    byId('assign-to').value = '';
    byId('agenda').hidden = true;
    byId('case').hidden = false;
    byId('case-heading').focus();
    document.title = 'Case ' + task.personId + ' – QA panel worklist – SARP';
  }

  function showAgenda(focus) {
    view.task = null;
    byId('case').hidden = true;
    byId('agenda').hidden = false;
    document.title = 'QA panel worklist – SARP';
    if (focus) byId('agenda-heading').focus();
  }

  async function route(focus) {
    var match = /^#task\/(.+)$/.exec(window.location.hash);
    try {
      if (match) await openTask(decodeURIComponent(match[1]));
      else showAgenda(focus);
    } catch (error) {
      showAgenda(false);
      handle(error);
    }
  }

  function initPanel() {
    if (!token()) {
      showSignedOut();
      return;
    }
    showSession();
    byId('agenda').hidden = false;

    byId('filters').addEventListener('submit', function (event) {
      event.preventDefault();
      clearProblem();
      view.offset = 0;
      loadAgenda()
        .then(function (result) {
          announce(result.total + ' task' + (result.total === 1 ? '' : 's') + ' found.');
        })
        .catch(handle);
    });
    byId('page-previous').addEventListener('click', function () {
      view.offset = Math.max(0, view.offset - PAGE_SIZE);
      loadAgenda().catch(handle);
    });
    byId('page-next').addEventListener('click', function () {
      view.offset += PAGE_SIZE;
      loadAgenda().catch(handle);
    });
    byId('back-to-agenda').addEventListener('click', function (event) {
      event.preventDefault();
      history.pushState(null, '', window.location.pathname + window.location.search);
      showAgenda(true);
    });
    window.addEventListener('hashchange', function () {
      route(true);
    });

    byId('claim').addEventListener('click', function () {
      runCommand(
        'Claim',
        function (task) {
          return post(taskPath(task, 'claim'), {});
        },
        'unclaim',
      );
    });
    byId('unclaim').addEventListener('click', function () {
      runCommand(
        'Unclaim',
        function (task) {
          return post(taskPath(task, 'unclaim'), {});
        },
        'claim',
      );
    });
    byId('confirm-decision').addEventListener('click', function () {
      runCommand('Confirmation', function (task) {
        return post(taskPath(task, 'confirmation'), {});
      });
    });
    byId('comment-form').addEventListener('submit', function (event) {
      event.preventDefault();
      runCommand('Comment', function (task) {
        return post(taskPath(task, 'comments'), { text: byId('comment-text').value.trim() }).then(function (result) {
          byId('comment-text').value = '';
          return result;
        });
      });
    });
    byId('assign-form').addEventListener('submit', function (event) {
      event.preventDefault();
      runCommand('Assignment', function (task) {
        return post(taskPath(task, 'assign'), { assignee: byId('assign-to').value.trim() }).then(function (result) {
          byId('assign-to').value = '';
          return result;
        });
      });
    });
    byId('urgent-decision-button').addEventListener('click', function () {
      runCommand('Urgent decision', sendUrgentDecision);
    });
    var decisionForm = byId('decision-form');
    decisionForm.addEventListener('change', function (event) {
      if (event.target && event.target.name === 'decision') showDecisionFields();
    });
    decisionForm.addEventListener('submit', function (event) {
      event.preventDefault();
      runCommand('Proposal', sendDecision, 'proposal-heading');
    });

    loadAgenda()
      .then(function () {
        return route(false);
      })
      .catch(handle);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var page = document.body.getAttribute('data-page');
    if (page === 'login') initLogin();
    if (page === 'panel') initPanel();
  });
})();
`;
