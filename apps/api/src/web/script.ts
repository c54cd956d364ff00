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
  /** The PKCE verifier and state of a sign-in at the identity provider, between leaving and coming back. */
  var OIDC_KEY = 'sarp.oidc';
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

  /** Where a role starts its work: coordinators and assessors at their caseload, auditors at the audit page, admins at the schemes, the panel at its worklist. */
  function homePageOf(role) {
    if (role === 'coordinator' || role === 'assessor') return { path: '/caseload', name: 'your caseload' };
    if (role === 'auditor') return { path: '/audit', name: 'the audit page' };
    if (role === 'admin') return { path: '/accommodation', name: 'the schemes and vacancies' };
    return { path: '/panel', name: 'the worklist' };
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

  function newIdempotencyKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    return 'k-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }

  async function api(method, path, body) {
    var headers = { accept: 'application/json, application/problem+json' };
    var bearer = token();
    if (bearer) headers.authorization = 'Bearer ' + bearer;
    if (body !== undefined) headers['content-type'] = 'application/json';
    // One key per form submission: should the answer be lost on the way, a retry of it is recognised, not done twice.
    if (method === 'POST') headers['idempotency-key'] = newIdempotencyKey();
    // "Sent, not confirmed" (202 outcome-unknown): send the same submission again with its key, a few times,
    // to get its answer; it is never recorded twice.
    for (var attempt = 1; ; attempt++) {
      var answer = await send(method, path, body, headers, bearer);
      var unconfirmed = answer && answer.status === 202 && answer.retry === 'same-key';
      if (!unconfirmed || attempt >= 3) return answer && answer.status === 202 && answer.retry ? failUnconfirmed(answer) : answer;
      await new Promise(function (resume) {
        setTimeout(resume, 2000 * attempt);
      });
    }
  }

  function failUnconfirmed(problem) {
    throw new ApiProblem(202, problem);
  }

  async function send(method, path, body, headers, bearer) {
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
    if (byId('oidc-sign-in')) return initIdentityProviderLogin();
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
        var team = byId('team').value;
        var answer = await api('POST', '/auth/local-token', team ? { userId: userId, role: role, team: team } : { userId: userId, role: role });
        sessionStorage.setItem(TOKEN_KEY, answer.token);
        sessionStorage.setItem(USER_KEY, JSON.stringify({ userId: userId, role: role }));
        var home = homePageOf(role);
        announce('Signed in as ' + userId + '. Opening ' + home.name + '.');
        window.location.assign(home.path);
      } catch (error) {
        showProblem(error);
        byId('problem').focus();
        button.disabled = false;
      }
    });
  }

  // ------------------------------------------------------------------ sign-in at the identity provider

  function base64Url(bytes) {
    var text = '';
    bytes.forEach(function (byte) {
      text += String.fromCharCode(byte);
    });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomText() {
    return base64Url(crypto.getRandomValues(new Uint8Array(32)));
  }

  /** The claims of a JWT, read only to show who is signed in: the API verifies the token on every call. */
  function claimsOf(jwt) {
    var part = (String(jwt).split('.')[1] || '').replace(/-/g, '+').replace(/_/g, '/');
    var binary = atob(part + '==='.slice((part.length + 3) % 4));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, function (c) { return c.charCodeAt(0); })));
  }

  /** Authorization code flow with PKCE: to the identity provider, and back to /login/callback. */
  async function initIdentityProviderLogin() {
    var config;
    try {
      config = await api('GET', '/auth/oidc-config');
    } catch (error) {
      return showProblem(error);
    }
    if (window.location.pathname === config.redirectPath) return finishIdentityProviderLogin(config);
    byId('oidc-sign-in').addEventListener('click', async function () {
      var verifier = randomText();
      var state = randomText();
      sessionStorage.setItem(OIDC_KEY, JSON.stringify({ verifier: verifier, state: state }));
      var challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
      var params = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: window.location.origin + config.redirectPath,
        scope: config.scope,
        state: state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      announce('Opening your organisation\'s sign-in.');
      window.location.assign(config.authorizationUrl + (config.authorizationUrl.indexOf('?') >= 0 ? '&' : '?') + params.toString());
    });
  }

  async function finishIdentityProviderLogin(config) {
    var query = new URLSearchParams(window.location.search);
    var pending = null;
    try {
      pending = JSON.parse(sessionStorage.getItem(OIDC_KEY) || 'null');
    } catch (error) {
      pending = null;
    }
    sessionStorage.removeItem(OIDC_KEY);
    try {
      if (query.get('error')) {
        throw new ApiProblem(401, { title: 'Your organisation did not sign you in', detail: query.get('error_description') || query.get('error') });
      }
      if (!pending || !query.get('code') || query.get('state') !== pending.state) {
        throw new ApiProblem(401, { title: 'Sign-in could not be completed', detail: 'The answer that came back does not belong to a sign-in started here. Start again.' });
      }
      var response = await fetch(config.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: query.get('code'),
          redirect_uri: window.location.origin + config.redirectPath,
          client_id: config.clientId,
          code_verifier: pending.verifier,
        }).toString(),
        credentials: 'omit',
      });
      var answer = await response.json().catch(function () {
        return {};
      });
      if (!response.ok || !answer.access_token) {
        throw new ApiProblem(401, { title: 'Your organisation refused the sign-in', detail: answer.error_description || answer.error || 'status ' + response.status });
      }
      var claims = claimsOf(answer.access_token);
      sessionStorage.setItem(TOKEN_KEY, answer.access_token);
      sessionStorage.setItem(USER_KEY, JSON.stringify({ userId: claims.sub, role: claims.sarp_role }));
      announce('Signed in as ' + claims.sub + '. Opening the worklist.');
      window.location.replace('/panel');
    } catch (error) {
      showProblem(error);
      byId('problem').focus();
    }
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
        fundingStream: form.elements.fundingStream.value,
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

  // ------------------------------------------------------------------ auditor pages (shared)

  function showAuditorSignedOut(reason, sections) {
    sections.forEach(function (id) {
      byId(id).hidden = true;
    });
    byId('session').hidden = true;
    if (reason) byId('signed-out-reason').textContent = reason;
    byId('signed-out').hidden = false;
  }

  function auditorHandle(sections) {
    return function (error) {
      if (error instanceof SignedOut) return showAuditorSignedOut(error.message, sections);
      showProblem(error);
      byId('problem').focus();
    };
  }

  function definitions(pairs) {
    var nodes = [];
    pairs.forEach(function (pair) {
      nodes.push(el('dt', {}, pair[0]), el('dd', {}, pair[1]));
    });
    return el('dl', { class: 'summary' }, nodes);
  }

  function actorText(actor) {
    if (!actor) return 'not recorded';
    return String(actor.userId) + ' (' + words(actor.role).toLowerCase() + ')';
  }

  /** A table with a caption and column headers; each row is an array of cells (text or nodes). */
  function table(caption, headers, rows, empty) {
    if (!Array.isArray(rows) || rows.length === 0) return el('p', {}, empty);
    return el('table', { class: 'tasks' }, [
      el('caption', {}, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          headers.map(function (header) {
            return el('th', { scope: 'col' }, header);
          }),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map(function (cells) {
          return el(
            'tr',
            {},
            cells.map(function (cell) {
              return el('td', {}, cell);
            }),
          );
        }),
      ),
    ]);
  }

  function refusedTable(attempts) {
    return table(
      'Refused attempts, as recorded',
      ['When', 'Command', 'By', 'Status', 'Code', 'Reason'],
      (attempts || []).map(function (attempt) {
        return [timeEl(attempt.occurredAt), attempt.command, actorText(attempt.actor), String(attempt.status), attempt.code, attempt.reason];
      }),
      'No refused attempts.',
    );
  }

  function eventRows(items) {
    return (items || []).map(function (item) {
      var envelope = item.envelope || {};
      return [String(envelope.sequence), envelope.type, timeEl(envelope.occurredAt), actorText(envelope.actor), envelope.policyVersion || 'not recorded'];
    });
  }

  // ------------------------------------------------------------------ audit page

  var audit = { pathwayId: null, events: [], index: 0, request: 0, timer: null };
  var AUDIT_SECTIONS = ['audit-lookup', 'audit-result'];

  function auditPath(suffix) {
    return '/audit/pathways/' + encodeURIComponent(audit.pathwayId) + suffix;
  }

  function renderEvents() {
    var body = byId('events-body');
    body.replaceChildren.apply(
      body,
      audit.events.map(function (item, index) {
        var envelope = item.envelope || {};
        return el('tr', { 'data-index': index }, [
          el('th', { scope: 'row' }, String(envelope.sequence)),
          el('td', {}, envelope.type),
          el('td', {}, timeEl(envelope.occurredAt)),
          el('td', {}, actorText(envelope.actor)),
          el('td', {}, envelope.policyVersion || 'not recorded'),
        ]);
      }),
    );
    byId('events-caption').textContent = 'Events, oldest first: ' + audit.events.length + ' in all';
  }

  function renderState(answer) {
    var state = answer.state || {};
    var last = answer.lastEventIncluded;
    var target = byId('state-as-of');
    var lastText = last ? '#' + last.sequence + ' ' + last.type + ' (' + dateTime.format(new Date(last.occurredAt)) + ')' : 'none';
    if (state.status !== 'started') {
      target.replaceChildren(definitions([['As of', timeEl(answer.asOf)], ['Last event included', lastText], ['State', 'Not started yet']]));
      return;
    }
    var deadlines = (state.deadlines || []).map(function (deadline) {
      return el('span', {}, [deadline.ruleId + ', due ', timeEl(deadline.dueAt)]);
    });
    var task = state.panelTask;
    var taskText = task
      ? el('span', {}, [
          'Referred ',
          timeEl(task.referredAt),
          '; claimed by ' + (task.claimedBy || 'nobody') + '; ' + (task.proposal ? 'a decision is proposed' : 'no proposal') + '; ' + (task.comments || 0) + ' comment(s)',
        ])
      : 'None';
    var placement = state.placement
      ? words(state.placement.model) + ' since ' + dateTime.format(new Date(state.placement.startedAt))
      : state.approvedModel
        ? 'Not yet placed (approved: ' + words(state.approvedModel).toLowerCase() + ')'
        : 'None';
    target.replaceChildren(
      definitions([
        ['As of', timeEl(answer.asOf)],
        ['Last event included', lastText],
        ['Stage', words(state.stage)],
        ['Urgency', words(state.urgency)],
        ['Assessor', state.assessorId || 'None'],
        ['Placement', placement],
        ['Open deadlines', list(deadlines, 'None')],
        ['Breaches', String(state.breaches || 0)],
        ['Panel task', taskText],
      ]),
    );
    target.setAttribute('data-stage', state.stage);
  }

  async function loadStateAt(index) {
    var item = audit.events[index];
    if (!item) return;
    var request = ++audit.request;
    var envelope = item.envelope;
    var answer = await api('GET', auditPath('/state?asOf=' + encodeURIComponent(envelope.occurredAt)));
    if (request !== audit.request) return;
    renderState(answer);
    announce('Showing the pathway as it stood at event ' + envelope.sequence + ', ' + envelope.type + '.');
  }

  function select(index, immediately) {
    if (audit.events.length === 0) return;
    index = Math.max(0, Math.min(audit.events.length - 1, index));
    audit.index = index;
    var slider = byId('time-slider');
    slider.value = String(index + 1);
    var envelope = audit.events[index].envelope;
    var position = 'Event ' + (index + 1) + ' of ' + audit.events.length + ': #' + envelope.sequence + ' ' + envelope.type;
    byId('time-position').textContent = position;
    slider.setAttribute('aria-valuetext', position);
    byId('step-previous').disabled = index === 0;
    byId('step-next').disabled = index === audit.events.length - 1;
    [].forEach.call(byId('events-body').children, function (row) {
      if (Number(row.getAttribute('data-index')) === index) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    });
    clearTimeout(audit.timer);
    var load = function () {
      loadStateAt(index).catch(auditorHandle(AUDIT_SECTIONS));
    };
    if (immediately) load();
    else audit.timer = setTimeout(load, 150);
  }

  async function loadHistory(pathwayId) {
    audit.pathwayId = pathwayId;
    audit.events = [];
    byId('verification').replaceChildren();
    byId('state-as-of').replaceChildren();
    var answer = await api('GET', auditPath('/events?limit=500'));
    audit.events = (answer.items || []).slice().sort(function (a, b) {
      return a.envelope.sequence - b.envelope.sequence;
    });
    byId('history-heading').textContent = 'History of pathway ' + pathwayId;
    renderEvents();
    byId('refused').replaceChildren(refusedTable(answer.refusedAttempts));
    var slider = byId('time-slider');
    slider.max = String(Math.max(1, audit.events.length));
    byId('audit-result').hidden = false;
    select(audit.events.length - 1, true);
    announce(audit.events.length + ' event' + (audit.events.length === 1 ? '' : 's') + ' found for pathway ' + pathwayId + '.');
  }

  async function verifyHistory() {
    var answer = await api('GET', auditPath('/verify'));
    var target = byId('verification');
    var message;
    if (answer.verified) {
      message = el('p', { class: 'verified' }, 'Verified: all ' + answer.eventsChecked + ' events are intact and in sequence.');
    } else {
      var link = answer.firstBrokenLink || {};
      message = el('p', { class: 'broken' }, [
        'Not verified: the first broken link is event #' + link.sequence + ' (' + link.eventId + '): ' + link.reason,
      ]);
    }
    target.replaceChildren(message);
    announce(answer.verified ? 'History verified.' : 'The history has a broken link at event ' + (answer.firstBrokenLink || {}).sequence + '.');
  }

  /** Lists the pathways the search form describes; each row's button shows that pathway's history. */
  async function searchPathways(idInput) {
    var query = new URLSearchParams({ limit: '50' });
    new FormData(byId('audit-search')).forEach(function (value, name) {
      var text = String(value).trim();
      if (text) query.set(name, text);
    });
    var found = await api('GET', '/pathways?' + query.toString());
    var body = byId('found-body');
    body.replaceChildren.apply(
      body,
      found.items.length === 0
        ? [el('tr', {}, el('td', { colspan: 7 }, 'No pathway matches.'))]
        : found.items.map(function (item) {
            var show = el('button', { type: 'button', class: 'button-secondary' }, [
              'Show history',
              el('span', { class: 'visually-hidden' }, ' of ' + item.personId + ', opened ' + dateTime.format(new Date(item.openedAt))),
            ]);
            show.addEventListener('click', function () {
              clearProblem();
              idInput.value = item.pathwayId;
              byId('audit-result').hidden = true;
              loadHistory(item.pathwayId).catch(auditorHandle(AUDIT_SECTIONS));
            });
            return el('tr', {}, [
              el('td', {}, item.personId),
              el('td', {}, words(item.stage)),
              el('td', {}, item.team ? words(item.team) : '—'),
              el('td', {}, item.outcome ? words(item.outcome) : '—'),
              el('td', {}, timeEl(item.openedAt)),
              el('td', {}, String(item.breaches)),
              el('td', {}, show),
            ]);
          }),
    );
    byId('found-caption').textContent = found.total + (found.total === 1 ? ' pathway found' : ' pathways found') + (found.total > found.items.length ? ' (the first ' + found.items.length + ' shown)' : '');
    byId('search-results').hidden = false;
    announce(byId('found-caption').textContent);
  }

  function initAudit() {
    if (!token()) {
      showAuditorSignedOut(null, AUDIT_SECTIONS);
      return;
    }
    showSession();
    byId('audit-lookup').hidden = false;
    var onError = auditorHandle(AUDIT_SECTIONS);
    var input = byId('pathway-id');
    var fromQuery = new URLSearchParams(window.location.search).get('pathwayId');
    if (fromQuery) input.value = fromQuery;
    byId('audit-form').addEventListener('submit', function (event) {
      event.preventDefault();
      clearProblem();
      var pathwayId = input.value.trim();
      if (!pathwayId) {
        showProblem(new ApiProblem(400, { title: 'Enter a pathway id', detail: 'The pathway id is needed to find its history.' }));
        input.focus();
        return;
      }
      byId('audit-result').hidden = true;
      loadHistory(pathwayId).catch(onError);
    });
    byId('audit-search').addEventListener('submit', function (event) {
      event.preventDefault();
      clearProblem();
      searchPathways(input).catch(onError);
    });
    byId('time-slider').addEventListener('input', function (event) {
      select(Number(event.target.value) - 1, false);
    });
    byId('step-previous').addEventListener('click', function () {
      select(audit.index - 1, true);
    });
    byId('step-next').addEventListener('click', function () {
      select(audit.index + 1, true);
    });
    byId('verify').addEventListener('click', function () {
      clearProblem();
      verifyHistory().catch(onError);
    });
    if (fromQuery) loadHistory(fromQuery.trim()).catch(onError);
  }

  // ------------------------------------------------------------------ dashboard

  var DASHBOARD_SECTIONS = ['dashboard-filters', 'dashboard-charts', 'dashboard-tables'];
  var charts = {};

  /** The month ('YYYY-MM') it is now in London. */
  function currentLondonMonth() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(new Date());
  }

  function addMonths(month, count) {
    var parts = month.split('-').map(Number);
    return new Date(Date.UTC(parts[0], parts[1] - 1 + count, 1)).toISOString().slice(0, 7);
  }

  /** The first instant of a London month: midnight on the 1st there, which is 23:00 UTC the day before in summer. */
  function londonMonthStart(month) {
    var parts = month.split('-').map(Number);
    var format = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    for (var offset = 0; offset <= 1; offset++) {
      var candidate = new Date(Date.UTC(parts[0], parts[1] - 1, 1, -offset));
      if (format.format(candidate) === '01, 00') return candidate;
    }
    return new Date(Date.UTC(parts[0], parts[1] - 1, 1));
  }

  /** The period of a month, ending now for the month in progress. */
  function monthPeriod(month) {
    var end = londonMonthStart(addMonths(month, 1));
    var now = new Date();
    return { from: londonMonthStart(month).toISOString(), to: (end > now ? now : end).toISOString() };
  }

  function reportPath(figure, period, filters) {
    var query = new URLSearchParams({ from: period.from, to: period.to });
    if (filters.team) query.set('team', filters.team);
    if (filters.model) query.set('model', filters.model);
    return '/reports/' + encodeURIComponent(figure) + '?' + query.toString();
  }

  function figureTable(figure, answer) {
    var rows = answer.rows || [];
    var table = el('table', { class: 'figure-table', id: 'table-' + figure.id }, [
      // The heading shows the title; the caption names the table for screen readers.
      el('caption', { class: 'visually-hidden' }, figure.title),
      el('thead', {}, el('tr', {}, figure.columns.map(function (column) {
        return el('th', { scope: 'col' }, words(column.replace(/([A-Z])/g, ' $1').toLowerCase()));
      }))),
      el('tbody', {}, rows.length === 0
        ? el('tr', {}, el('td', { colspan: figure.columns.length }, 'Nothing to count in this period.'))
        : rows.map(function (row) {
            return el('tr', {}, figure.columns.map(function (column) {
              var value = row[column];
              return el('td', { 'data-column': column }, value === null || value === undefined ? '' : String(value));
            }));
          })),
    ]);
    return el('section', { class: 'figure', 'aria-labelledby': 'heading-' + figure.id }, [
      el('h3', { id: 'heading-' + figure.id }, figure.title),
      el('p', { class: 'hint' }, figure.definition),
      table,
      el('p', {}, csvLink(reportPath(figure.id, answer.period, answer.filter || {}).replace('?', '?format=csv&'), figure.id + '.csv')),
    ]);
  }

  /**
   * "Download as CSV": the API wants the bearer token, which a plain link cannot carry, so the click fetches
   * the file with it and hands the browser the result to save (a blob URL, revoked once used).
   */
  function csvLink(path, filename) {
    var link = el('a', { href: path, download: filename, class: 'csv-download' }, 'Download as CSV');
    link.addEventListener('click', function (event) {
      event.preventDefault();
      downloadWithToken(path, filename).catch(showProblem);
    });
    return link;
  }

  async function downloadWithToken(path, filename) {
    var headers = { accept: 'text/csv, application/problem+json' };
    var bearer = token();
    if (bearer) headers.authorization = 'Bearer ' + bearer;
    var response = await fetch(path, { headers: headers, cache: 'no-store', credentials: 'omit' });
    if (!response.ok) {
      var problem = await response.json().catch(function () {
        return null;
      });
      throw new ApiProblem(response.status, problem || { title: 'The download failed' });
    }
    var url = URL.createObjectURL(await response.blob());
    var save = el('a', { href: url, download: filename, hidden: true });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  function drawChart(id, config) {
    if (charts[id]) charts[id].destroy();
    if (typeof window.Chart !== 'function') return;
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    charts[id] = new window.Chart(byId(id), config);
  }

  async function loadDashboard() {
    var month = byId('report-month').value || currentLondonMonth();
    var filters = { team: byId('report-team').value, model: byId('report-model').value };
    var period = monthPeriod(month);
    var listing = await api('GET', '/reports');
    var answers = await Promise.all(listing.figures.map(function (figure) {
      return api('GET', reportPath(figure.id, period, filters));
    }));
    byId('figure-tables').replaceChildren.apply(byId('figure-tables'), listing.figures.map(function (figure, index) {
      return figureTable(figure, answers[index]);
    }));

    // Trends: the twelve months up to the chosen one.
    var trend = { from: londonMonthStart(addMonths(month, -11)).toISOString(), to: period.to };
    var months = [];
    for (var i = -11; i <= 0; i++) months.push(addMonths(month, i));
    var referrals = (await api('GET', reportPath('referrals-per-month', trend, filters))).rows;
    var cases = (await api('GET', reportPath('cases-opened-and-closed', trend, filters))).rows;
    var byMonth = function (rows, column) {
      return months.map(function (m) {
        var row = rows.find(function (candidate) { return candidate.month === m; });
        return row ? row[column] : 0;
      });
    };
    drawChart('chart-trend', {
      type: 'bar',
      data: {
        labels: months,
        datasets: [
          { type: 'line', label: 'Referrals received', data: byMonth(referrals, 'total'), borderColor: '#1d70b8', backgroundColor: '#1d70b8' },
          { label: 'Cases opened', data: byMonth(cases, 'opened'), backgroundColor: '#00703c' },
          { label: 'Cases closed', data: byMonth(cases, 'closed'), backgroundColor: '#505a5f' },
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    var compliance = answers[listing.figures.findIndex(function (figure) { return figure.id === 'deadline-compliance'; })].rows;
    drawChart('chart-compliance', {
      type: 'bar',
      data: {
        labels: compliance.map(function (row) { return words(row.ruleId.replace(/-/g, ' ')); }),
        datasets: [
          { label: 'Met', data: compliance.map(function (row) { return row.met; }), backgroundColor: '#00703c' },
          { label: 'Target missed', data: compliance.map(function (row) { return row.missed; }), backgroundColor: '#912b88' },
          { label: 'Limit breached', data: compliance.map(function (row) { return row.breached; }), backgroundColor: '#d4351c' },
          { label: 'Open', data: compliance.map(function (row) { return row.open; }), backgroundColor: '#f47738' },
          { label: 'Cancelled', data: compliance.map(function (row) { return row.cancelled; }), backgroundColor: '#b1b4b6' },
        ],
      },
      options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
    });
    byId('dashboard-charts').hidden = false;
    byId('dashboard-tables').hidden = false;
    announce('Figures for ' + month + ' shown.');
  }

  function initDashboard() {
    if (!token()) {
      showAuditorSignedOut(null, DASHBOARD_SECTIONS);
      return;
    }
    showSession();
    byId('dashboard-filters').hidden = false;
    var onError = auditorHandle(DASHBOARD_SECTIONS);
    byId('report-month').value = currentLondonMonth();
    byId('report-form').addEventListener('submit', function (event) {
      event.preventDefault();
      clearProblem();
      loadDashboard().catch(onError);
    });
    loadDashboard().catch(onError);
  }

  // ------------------------------------------------------------------ subject access page

  var EXPORT_SECTIONS = ['export-lookup', 'export'];
  var downloadUrl = null;

  function renderExport(data) {
    byId('export-heading').textContent = 'Everything held about ' + data.personId;
    byId('export-meta').replaceChildren('Exported ', timeEl(data.exportedAt), '.');
    var json = JSON.stringify(data, null, 2);
    byId('export-json').textContent = json;
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    var link = byId('download-json');
    link.href = downloadUrl;
    link.setAttribute('download', 'subject-access-' + String(data.personId).replace(/[^A-Za-z0-9._-]/g, '_') + '.json');

    var pathways = table(
      'Pathways',
      ['Pathway id', 'Stage', 'Urgency', 'Placement model', 'Referred by agency', 'Opened', 'Breaches'],
      (data.pathways || []).map(function (pathway) {
        return [
          pathway.pathwayId,
          words(pathway.stage),
          words(pathway.urgency),
          pathway.placementModel ? words(pathway.placementModel) : 'None',
          words(pathway.referringAgency),
          timeEl(pathway.openedAt),
          String(pathway.breaches || 0),
        ];
      }),
      'No pathways.',
    );
    var events = table(
      'Events, as recorded',
      ['Sequence', 'Event', 'Occurred', 'Actor', 'Policy version'],
      eventRows(data.events),
      'No events.',
    );
    var access = table(
      'Who read this person’s data',
      ['When', 'Who', 'What', 'Pathway', 'Reason given'],
      (data.accessLog || []).map(function (entry) {
        return [timeEl(entry.accessedAt), actorText(entry), entry.action, entry.pathwayId || '', entry.reason || 'None given'];
      }),
      'Nobody has read this person’s data.',
    );
    var target = byId('export-sections');
    target.replaceChildren(
      el('section', { 'aria-labelledby': 'export-pathways' }, [el('h3', { id: 'export-pathways' }, 'Pathways (' + (data.pathways || []).length + ')'), pathways]),
      el('section', { 'aria-labelledby': 'export-events' }, [el('h3', { id: 'export-events' }, 'Events (' + (data.events || []).length + ')'), events]),
      el('section', { 'aria-labelledby': 'export-refused' }, [
        el('h3', { id: 'export-refused' }, 'Refused attempts (' + (data.refusedAttempts || []).length + ')'),
        refusedTable(data.refusedAttempts),
      ]),
      el('section', { 'aria-labelledby': 'export-access' }, [el('h3', { id: 'export-access' }, 'Access log (' + (data.accessLog || []).length + ')'), access]),
    );
  }

  async function loadExport(personId) {
    var data = await api('GET', '/audit/persons/' + encodeURIComponent(personId) + '/export');
    renderExport(data);
    byId('export').hidden = false;
    byId('export-heading').focus();
    announce('Found ' + (data.pathways || []).length + ' pathway(s) and ' + (data.events || []).length + ' event(s) for ' + personId + '.');
  }

  function initSubjectAccess() {
    if (!token()) {
      showAuditorSignedOut(null, EXPORT_SECTIONS);
      return;
    }
    showSession();
    byId('export-lookup').hidden = false;
    var onError = auditorHandle(EXPORT_SECTIONS);
    var input = byId('person-ref');
    byId('export-form').addEventListener('submit', function (event) {
      event.preventDefault();
      clearProblem();
      var personId = input.value.trim();
      if (!personId) {
        showProblem(new ApiProblem(400, { title: 'Enter a person reference', detail: 'The person reference is needed to find what is held.' }));
        input.focus();
        return;
      }
      byId('export').hidden = true;
      loadExport(personId).catch(onError);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var page = document.body.getAttribute('data-page');
    if (page === 'login') initLogin();
    if (page === 'panel') initPanel();
    if (page === 'audit') initAudit();
    if (page === 'subject-access') initSubjectAccess();
    if (page === 'dashboard') initDashboard();
  });
})();
`;
