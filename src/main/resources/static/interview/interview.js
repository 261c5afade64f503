// The candidate's interview page: access code, what will happen and consent, a microphone
// check, then the interview in a LiveKit room. Captions and the interviewer's state come
// from LiveKit's standard agent protocol (text streams on `lk.transcription`, the agent's
// `lk.agent.state` attribute), so this page reads what any LiveKit agent sends.
'use strict';

(function () {
  const TRANSCRIPTION_TOPIC = 'lk.transcription';
  const SEGMENT_ID = 'lk.segment_id';
  const FINAL = 'lk.transcription_final';
  const AGENT_STATE = 'lk.agent.state';
  // The interview's time left (ms) when the interviewer published it: its clock stands still
  // while the candidate is away, and the interviewer publishes it again when it goes on.
  const TIME_LEFT = 'flo.interview.time_left_ms';
  // How long an interviewer that was cut off may take to come back (another takes over).
  const AGENT_RETURN_WAIT_MS = 90 * 1000;

  const STATE_TEXT = {
    connecting: 'Connecting…',
    reconnecting: 'Connection lost, reconnecting…',
    away: 'The interviewer has left…',
    returning: 'The interviewer was disconnected. Waiting for it to come back…',
    waiting: 'Waiting for the interviewer…',
    initializing: 'The interviewer is getting ready…',
    listening: 'Listening: your turn to speak',
    thinking: 'The interviewer is thinking…',
    speaking: 'The interviewer is speaking',
    ended: 'The interview has ended',
  };

  // Problems whose own words are meant for the operator, not the candidate.
  const FRIENDLY = {
    'livekit-not-configured': 'Interviews cannot be started at the moment. Please try again later, or contact the person who invited you.',
    'livekit-unavailable': 'The interview service cannot be reached right now. Please try again in a few minutes.',
    'internal-error': 'Something went wrong on our side. Please try again in a few minutes.',
    'request-too-large': 'This file is too large: attach a PDF of at most 5 MB.',
    'request-too-slow': 'The upload took too long. Check your connection and try again.',
  };

  // The session this tab joined, kept for a reload or a lost connection (this tab only).
  const SESSION_KEY = 'flo.interview.session';

  const $ = (id) => document.getElementById(id);
  const LK = window.LivekitClient;

  const page = {
    code: '',
    interview: null,
    consent: null,
    micTrack: null,
    micContext: null,
    micTimer: null,
    micDevice: '',
    joined: null,
    room: null,
    agent: null,
    endsAt: 0,
    clock: null,
    ended: false,
    captions: new Map(),
  };

  // --- helpers -------------------------------------------------------------------------

  function show(stepId) {
    for (const step of document.querySelectorAll('main > .step')) {
      step.hidden = step.id !== stepId;
    }
    const heading = $(stepId).querySelector('h1');
    if (heading) {
      heading.focus();
    }
  }

  function say(element, text) {
    element.textContent = text || '';
    element.hidden = !text;
  }

  /** The problem an API call answered, in words a candidate understands. */
  async function problem(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    const type = (body && typeof body.type === 'string') ? body.type.replace('urn:flo:problem:', '') : '';
    let text = FRIENDLY[type] || (body && (body.detail || body.title));
    if (!text || (!type && response.status === 400)) {
      text = response.status >= 500
        ? 'The service is not available right now (status ' + response.status + '). Please try again in a few minutes.'
        : 'Please check what you entered and try again.';
    }
    return { type: type, status: response.status, text: text };
  }

  async function post(path, body, headers) {
    let response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}),
        body: (body instanceof Blob) ? body : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (e) {
      throw { text: 'The service cannot be reached. Check your internet connection and try again.' };
    }
    if (!response.ok) {
      throw await problem(response);
    }
    return response.json();
  }

  function minutes(n) {
    return n + (n === 1 ? ' minute' : ' minutes');
  }

  // --- can this browser do it? ------------------------------------------------------

  function unsupportedReason() {
    if (!LK) {
      return 'The page could not load its interview software. Reload the page; if it happens again, try another browser.';
    }
    if (!window.isSecureContext) {
      return 'This page must be opened over a secure (https) connection to use your microphone.';
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return 'This browser does not let web pages use a microphone.';
    }
    if (!window.RTCPeerConnection || !(window.AudioContext || window.webkitAudioContext)) {
      return 'This browser does not support live audio calls (WebRTC).';
    }
    if (!LK.isBrowserSupported()) {
      return 'This browser version is too old for live audio interviews.';
    }
    return null;
  }

  // --- step 1: the access code ---------------------------------------------------------

  async function lookUp(event) {
    event.preventDefault();
    const error = $('code-error');
    const code = $('code').value.trim();
    if (!code) {
      say(error, 'Enter the access code from your invitation.');
      $('code').focus();
      return;
    }
    say(error, '');
    $('code-continue').disabled = true;
    try {
      const [interview, consent] = await Promise.all([
        post('/api/interviews/lookup', { accessCode: code }),
        consentText(),
      ]);
      page.code = code;
      page.interview = interview;
      page.consent = consent;
      $('about-role').textContent = interview.role;
      $('about-length').textContent = minutes(interview.lengthMinutes);
      $('consent-text').textContent = consent.text;
      $('resume-text').maxLength = interview.maxResumeChars;
      show('step-about');
    } catch (e) {
      say(error, (e && e.text) || 'The interview could not be found. Please try again.');
      $('code').setAttribute('aria-invalid', 'true');
      $('code').focus();
    } finally {
      $('code-continue').disabled = false;
    }
  }

  async function consentText() {
    let response;
    try {
      response = await fetch('/api/interviews/consent');
    } catch (e) {
      throw { text: 'The service cannot be reached. Check your internet connection and try again.' };
    }
    if (!response.ok) {
      throw await problem(response);
    }
    return response.json();
  }

  // --- step 2: about the interview, consent, name and resume --------------------------

  async function readResume() {
    const file = $('resume-file').files[0];
    const status = $('resume-status');
    if (!file) {
      return;
    }
    status.textContent = 'Reading your PDF…';
    try {
      const resume = await post('/api/interviews/resume-text', file,
        { 'Content-Type': 'application/pdf', 'Access-Code': page.code });
      $('resume-text').value = resume.text;
      status.textContent = 'We read ' + (resume.pages === 1 ? '1 page' : resume.pages + ' pages')
        + ' from your PDF. Check the text below; only this text is sent.'
        + (resume.truncated ? ' It was too long, so only its beginning is kept.' : '');
    } catch (e) {
      status.textContent = (e && e.text) || 'Your PDF could not be read. Paste its text instead.';
    }
  }

  function confirmAbout(event) {
    event.preventDefault();
    const error = $('about-error');
    if (!$('name').value.trim()) {
      say(error, 'Enter your name.');
      $('name').setAttribute('aria-invalid', 'true');
      $('name').focus();
      return;
    }
    $('name').removeAttribute('aria-invalid');
    const email = $('email');
    if (email.value.trim() && !email.checkValidity()) {
      say(error, 'Check your email address, or leave it empty.');
      email.focus();
      return;
    }
    if (!$('consent').checked) {
      say(error, 'To take the interview, tick the box to agree.');
      $('consent').focus();
      return;
    }
    say(error, '');
    show('step-mic');
  }

  // --- step 3: the microphone check --------------------------------------------------

  function micProblem(e) {
    const name = e && e.name;
    if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
      return 'Your browser blocked the microphone. Allow this page to use it (the microphone or lock icon '
        + 'in the address bar, or your browser\'s site settings), then press "Test my microphone" again.';
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
      return 'No microphone was found. Connect one (or a headset), then press "Test my microphone" again.';
    }
    if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') {
      return 'Your microphone could not be started: another application may be using it. Close it and try again.';
    }
    return 'Your microphone could not be used (' + (e && (e.message || e.name) || 'unknown error') + ').';
  }

  /** Stops the level meter; {@code release} also stops the microphone itself. */
  function stopMicCheck(release) {
    if (page.micTimer) {
      clearInterval(page.micTimer);
      page.micTimer = null;
    }
    if (page.micContext) {
      page.micContext.close().catch(() => {});
      page.micContext = null;
    }
    if (release && page.micTrack) {
      page.micTrack.stop();
      page.micTrack = null;
    }
  }

  // The track tested here is the one the interview publishes: what was checked is what is heard.
  async function testMicrophone() {
    stopMicCheck(true);
    say($('mic-error'), '');
    $('join').disabled = true;
    try {
      page.micTrack = await LK.createLocalAudioTrack({
        deviceId: page.micDevice || undefined,
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      });
    } catch (e) {
      $('mic-check').hidden = true;
      say($('mic-error'), micProblem(e));
      return;
    }
    const media = page.micTrack.mediaStreamTrack;
    page.micDevice = (media.getSettings && media.getSettings().deviceId) || page.micDevice;
    await listDevices();
    $('mic-check').hidden = false;
    $('mic-heard').textContent = 'Waiting for sound… say a few words.';
    const Context = window.AudioContext || window.webkitAudioContext;
    page.micContext = new Context();
    const analyser = page.micContext.createAnalyser();
    analyser.fftSize = 1024;
    page.micContext.createMediaStreamSource(new MediaStream([media])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let heard = false;
    page.micTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) {
        sum += s * s;
      }
      const rms = Math.sqrt(sum / samples.length);
      // -60 dBFS (silence) to -10 dBFS (loud speech) onto 0..100.
      const db = 20 * Math.log10(Math.max(rms, 1e-6));
      const level = Math.max(0, Math.min(100, Math.round((db + 60) * 2)));
      $('mic-level').style.width = level + '%';
      $('mic-meter').setAttribute('aria-valuenow', String(level));
      if (!heard && level > 25) {
        heard = true;
        $('mic-heard').textContent = 'We can hear you. When you are ready, start the interview.';
      }
    }, 100);
    $('join').disabled = false;
  }

  async function listDevices() {
    const select = $('mic-device');
    let devices = [];
    try {
      devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    } catch (e) {
      devices = [];
    }
    select.textContent = '';
    devices.forEach((device, i) => {
      const option = document.createElement('option');
      option.value = device.deviceId;
      option.textContent = device.label || ('Microphone ' + (i + 1));
      option.selected = device.deviceId === page.micDevice;
      select.appendChild(option);
    });
    select.disabled = devices.length < 2;
  }

  // --- joining ------------------------------------------------------------------------

  async function join() {
    const error = $('join-error');
    say(error, '');
    if (!page.micTrack || page.micTrack.mediaStreamTrack.readyState === 'ended') {
      say(error, 'Test your microphone first.');
      $('join').disabled = true;
      return;
    }
    $('join').disabled = true;
    if (!page.joined) {
      try {
        const request = {
          accessCode: page.code,
          name: $('name').value.trim(),
          consent: true,
          consentVersion: page.consent.version,
        };
        const email = $('email').value.trim();
        if (email) {
          request.email = email;
        }
        const resume = $('resume-text').value.trim();
        if (resume) {
          request.resumeText = resume;
        }
        page.joined = await post('/api/interviews/join', request);
        remember(page.joined);
      } catch (e) {
        if (e && e.type === 'consent-changed') {
          // Agreement to an older text does not count: show the new one.
          try {
            page.consent = await consentText();
            $('consent-text').textContent = page.consent.text;
          } catch (ignored) {
            // The message below still applies.
          }
          $('consent').checked = false;
          stopMicCheck(true);
          $('mic-check').hidden = true;
          show('step-about');
          say($('about-error'), 'The consent text has just changed. Please read it again, and agree to continue.');
          return;
        }
        say(error, (e && e.text) || 'Joining failed. Please try again.');
        $('join').disabled = false;
        return;
      }
    }
    stopMicCheck(false);
    show('step-interview');
    setState('connecting');
    try {
      await connect(page.joined);
    } catch (e) {
      if (page.room) {
        page.room.disconnect();
        page.room = null;
      }
      show('step-mic');
      say(error, 'Connecting to the interview failed (' + (e && e.message || e) + '). Check your connection, '
        + 'test your microphone again and start the interview again.');
      stopMicCheck(true);
      $('mic-check').hidden = true;
    }
  }

  async function connect(joined) {
    const room = new LK.Room({
      adaptiveStream: true,
      dynacast: true,
      audioCaptureDefaults: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    page.room = room;
    room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, participantInfo) => {
      readTranscription(room, reader, participantInfo).catch(() => {});
    });
    room.on(LK.RoomEvent.ParticipantConnected, (participant) => {
      if (participant.isAgent) {
        agentJoined(participant);
      }
    });
    room.on(LK.RoomEvent.ParticipantAttributesChanged, (changed, participant) => {
      if (participant && participant.isAgent && AGENT_STATE in changed) {
        setState(changed[AGENT_STATE]);
      }
      if (participant && participant.isAgent && TIME_LEFT in changed) {
        setClock(changed[TIME_LEFT]);
      }
    });
    room.on(LK.RoomEvent.ParticipantDisconnected, (participant) => {
      if (participant.isAgent && participant === page.agent) {
        agentLeft();
      }
    });
    room.on(LK.RoomEvent.TrackSubscribed, (track) => {
      if (track.kind === LK.Track.Kind.Audio) {
        const element = track.attach();
        element.setAttribute('aria-hidden', 'true');
        document.body.appendChild(element);
      }
    });
    room.on(LK.RoomEvent.TrackUnsubscribed, (track) => {
      track.detach().forEach((element) => element.remove());
    });
    room.on(LK.RoomEvent.AudioPlaybackStatusChanged, () => {
      $('enable-audio').hidden = room.canPlaybackAudio;
    });
    // LiveKit's client resumes a dropped connection by itself; say so meanwhile.
    room.on(LK.RoomEvent.Reconnecting, () => setState('reconnecting'));
    room.on(LK.RoomEvent.Reconnected, () => {
      const state = page.agent && page.agent.attributes[AGENT_STATE];
      setState(state || (page.agent ? 'initializing' : 'waiting'));
    });
    room.on(LK.RoomEvent.Disconnected, (reason) => {
      if (page.ended || room !== page.room) {
        return;
      }
      if (reason === LK.DisconnectReason.ROOM_DELETED) {
        forget();
        end('The interview was closed.');
      } else {
        // LiveKit's own reconnection gave up: join the same interview again.
        rejoinAfterLoss();
      }
    });
    await room.connect(joined.serverUrl, joined.participantToken);
    await room.localParticipant.publishTrack(page.micTrack, { source: LK.Track.Source.Microphone });
    const agent = Array.from(room.remoteParticipants.values()).find((p) => p.isAgent);
    if (agent) {
      agentJoined(agent);
    } else {
      setState('waiting');
    }
    window.addEventListener('beforeunload', warnBeforeLeaving);
  }

  function remember(joined) {
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify({
        sessionId: joined.sessionId,
        sessionToken: joined.sessionToken,
      }));
    } catch (e) {
      // Storage may be off: a reload then needs the code again.
    }
  }

  function forget() {
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch (e) {
      // Nothing kept.
    }
  }

  function remembered() {
    try {
      const kept = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      return (kept && kept.sessionId && kept.sessionToken) ? kept : null;
    } catch (e) {
      return null;
    }
  }

  /** A fresh LiveKit token for the same interview, with the session's token. */
  async function rejoin(kept) {
    const joined = await post('/api/sessions/' + encodeURIComponent(kept.sessionId) + '/rejoin', {},
      { Authorization: 'Bearer ' + kept.sessionToken });
    remember(joined);
    return joined;
  }

  /** The connection is gone for good: a few tries to join the same interview again. */
  async function rejoinAfterLoss() {
    const old = page.room;
    page.room = null;
    page.agent = null;
    setState('reconnecting');
    if (old) {
      old.removeAllListeners();
    }
    for (let attempt = 0; attempt < 5 && !page.ended; attempt++) {
      try {
        page.joined = await rejoin(page.joined);
        await connect(page.joined);
        return;
      } catch (e) {
        if (e && e.type === 'session-over') {
          forget();
          end('The interview is over.');
          return;
        }
        if (page.room) {
          page.room.removeAllListeners();
          page.room.disconnect();
          page.room = null;
        }
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    }
    end('The connection to the interview was lost. Reload this page to join it again.');
  }

  /** After a reload: the interview this tab joined, if it is still on. */
  async function resume() {
    const kept = remembered();
    const error = $('resume-error');
    say(error, '');
    $('resume-continue').disabled = true;
    try {
      page.micTrack = await LK.createLocalAudioTrack({
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      });
    } catch (e) {
      say(error, micProblem(e));
      $('resume-continue').disabled = false;
      return;
    }
    try {
      page.joined = await rejoin(kept);
    } catch (e) {
      page.micTrack.stop();
      page.micTrack = null;
      if (e && (e.type === 'session-over' || e.status === 401 || e.status === 404)) {
        forget();
        show('step-code');
        say($('code-error'), e.type === 'session-over'
          ? 'Your interview is over. Thank you for taking it.'
          : 'That interview cannot be continued. Enter your access code to start.');
        return;
      }
      say(error, (e && e.text) || 'Joining failed. Please try again.');
      $('resume-continue').disabled = false;
      return;
    }
    show('step-interview');
    setState('connecting');
    try {
      await connect(page.joined);
    } catch (e) {
      say(error, 'Connecting to the interview failed (' + (e && e.message || e) + '). Check your connection '
        + 'and try again.');
      show('step-resume');
      $('resume-continue').disabled = false;
    }
  }

  /** The candidate leaves on purpose: the interview ends now, with no wait for a return. */
  async function leave() {
    const joined = page.joined;
    forget();
    if (joined) {
      try {
        await fetch('/api/sessions/' + encodeURIComponent(joined.sessionId) + '/leave', {
          method: 'POST',
          headers: { Authorization: 'Bearer ' + joined.sessionToken },
          credentials: 'same-origin',
        });
      } catch (e) {
        // The interviewer ends it after the grace anyway.
      }
    }
    end('You left the interview.');
  }

  function agentJoined(participant) {
    if (page.agent || page.ended) {
      return;
    }
    page.agent = participant;
    setState(participant.attributes[AGENT_STATE] || 'initializing');
    // The interviewer's clock: its time left as it published it; one that has not yet
    // published it starts its clock about now, with the whole length.
    setClock(participant.attributes[TIME_LEFT]
      || (page.endsAt || !page.interview ? null : String(page.interview.lengthMinutes * 60 * 1000)));
    if (!page.clock) {
      page.clock = setInterval(tick, 1000);
    }
  }

  /**
   * The interviewer left the room. After its closing words the session is over (ended by
   * the interviewer before it leaves); otherwise it was cut off, and another may take over:
   * wait for it while the session is live.
   */
  async function agentLeft() {
    page.agent = null;
    setState('away');
    const deadline = Date.now() + AGENT_RETURN_WAIT_MS;
    while (!page.ended && !page.agent) {
      const status = await sessionStatus();
      if (page.agent || page.ended) {
        return;
      }
      if (status && status !== 'LIVE' && status !== 'CREATED') {
        forget();
        end('The interviewer has closed the interview.');
        return;
      }
      if (Date.now() > deadline) {
        end('The interviewer was disconnected and did not come back.');
        return;
      }
      if (status) {
        setState('returning');
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  /** The session's status, as its own token may read it; null when unknown. */
  async function sessionStatus() {
    try {
      const response = await fetch('/api/sessions/' + encodeURIComponent(page.joined.sessionId),
        { headers: { Authorization: 'Bearer ' + page.joined.sessionToken } });
      return response.ok ? (await response.json()).status : null;
    } catch (e) {
      return null;
    }
  }

  function setState(state) {
    const element = $('agent-state');
    element.dataset.state = state;
    $('agent-state-text').textContent = STATE_TEXT[state] || state;
  }

  /** The interviewer published its time left (ms, as text): the clock follows it. */
  function setClock(left) {
    const ms = Number(left);
    if (left === null || left === undefined || !Number.isFinite(ms) || ms < 0) {
      return;
    }
    page.endsAt = Date.now() + ms;
    tick();
  }

  /**
   * Shows the time left. It stands still while there is no interviewer or no connection
   * (the interview's own clock may too: the interviewer publishes its time left again when
   * it goes on).
   */
  function tick() {
    const state = $('agent-state').dataset.state;
    if (!page.endsAt || !page.agent || state === 'reconnecting' || state === 'away'
      || state === 'returning') {
      return;
    }
    const left = Math.max(0, Math.floor((page.endsAt - Date.now()) / 1000));
    $('time-left').textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
  }

  // --- captions from lk.transcription -------------------------------------------------

  async function readTranscription(room, reader, participantInfo) {
    const attributes = reader.info.attributes || {};
    const segment = attributes[SEGMENT_ID] || reader.info.id;
    const identity = participantInfo && participantInfo.identity;
    const mine = identity === room.localParticipant.identity;
    const caption = captionFor(segment, mine, identity, room);
    let text = '';
    // A stream carries the segment's text so far (the candidate's words, resent whole) or
    // grows chunk by chunk (the interviewer's words, as they are spoken).
    for await (const chunk of reader) {
      text += chunk;
      update(caption, text, false);
    }
    update(caption, text, (reader.info.attributes || {})[FINAL] === 'true');
  }

  function captionFor(segment, mine, identity, room) {
    let caption = page.captions.get(segment);
    if (caption) {
      return caption;
    }
    $('captions-empty').hidden = true;
    const element = document.createElement('p');
    element.className = 'caption';
    element.dataset.speaker = mine ? 'you' : 'agent';
    element.dataset.segment = segment;
    element.dataset.final = 'false';
    const who = document.createElement('span');
    who.className = 'who';
    const sender = !mine && room.remoteParticipants.get(identity);
    who.textContent = mine ? 'You' : (!sender || sender.isAgent ? 'Interviewer' : (sender.name || identity));
    const words = document.createElement('span');
    words.className = 'words';
    element.append(who, words);
    $('captions').appendChild(element);
    caption = { element: element, words: words };
    page.captions.set(segment, caption);
    return caption;
  }

  function update(caption, text, final) {
    caption.words.textContent = text;
    caption.element.dataset.final = String(final);
    const log = $('captions');
    log.scrollTop = log.scrollHeight;
  }

  // --- in the interview ----------------------------------------------------------------

  async function toggleMute() {
    const button = $('mute');
    const muted = button.getAttribute('aria-pressed') !== 'true';
    try {
      await page.room.localParticipant.setMicrophoneEnabled(!muted);
      button.setAttribute('aria-pressed', String(muted));
      button.textContent = muted ? 'Unmute' : 'Mute';
    } catch (e) {
      say($('interview-error'), 'The microphone could not be ' + (muted ? 'muted' : 'turned on again') + '.');
    }
  }

  function warnBeforeLeaving(event) {
    if (!page.ended) {
      event.preventDefault();
      event.returnValue = '';
    }
  }

  function end(reason) {
    if (page.ended) {
      return;
    }
    page.ended = true;
    window.removeEventListener('beforeunload', warnBeforeLeaving);
    if (page.clock) {
      clearInterval(page.clock);
    }
    const dialog = $('leave-dialog');
    if (dialog.open) {
      dialog.close();
    }
    setState('ended');
    if (page.room) {
      page.room.disconnect();
    }
    $('end-reason').textContent = reason;
    show('step-end');
  }

  // --- wiring --------------------------------------------------------------------------

  function start() {
    const reason = unsupportedReason();
    if (reason) {
      $('unsupported-reason').textContent = reason;
      show('unsupported');
      return;
    }
    const code = new URLSearchParams(window.location.search).get('code');
    if (code) {
      $('code').value = code;
    }
    $('code-form').addEventListener('submit', lookUp);
    $('code').addEventListener('input', () => $('code').removeAttribute('aria-invalid'));
    $('about-form').addEventListener('submit', confirmAbout);
    $('about-back').addEventListener('click', () => show('step-code'));
    $('resume-file').addEventListener('change', readResume);
    $('mic-test').addEventListener('click', testMicrophone);
    $('mic-device').addEventListener('change', (event) => {
      page.micDevice = event.target.value;
      testMicrophone();
    });
    $('mic-back').addEventListener('click', () => {
      stopMicCheck(true);
      $('mic-check').hidden = true;
      show('step-about');
    });
    $('join').addEventListener('click', join);
    $('mute').addEventListener('click', toggleMute);
    $('enable-audio').addEventListener('click', () => page.room && page.room.startAudio());
    $('leave').addEventListener('click', () => $('leave-dialog').showModal());
    $('leave-cancel').addEventListener('click', () => $('leave-dialog').close());
    $('leave-confirm').addEventListener('click', leave);
    $('resume-continue').addEventListener('click', resume);
    if (remembered()) {
      // A reload, or the page opened again in this tab, during an interview.
      show('step-resume');
      return;
    }
    show('step-code');
    if (!code) {
      $('code').focus();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
