// lib.js: what the browser tests share. Real headless Chromium (Debian's
// `chromium`) driven by puppeteer-core, axe-core run inside each page.
//
//   const web = require("./lib.js");
//   const browser = await web.launch({ profileDir });
//   const { page, guard } = await web.open(browser, base);  // guarded tab
//   await web.login(page, base, "anna", "secret");          // the login form
//   await web.fillByLabel(page, "Title", "Παιδικό παιχνίδι");
//   await web.tickByLabel(page, "Volunteers on the playground");
//   await web.submit(page);                                 // and wait
//   await web.expectLang(page, "el");
//   const msg = await web.fieldError(page, "Title");
//   const r = await web.checkPage(page, guard, url, "practice-new", shotDir);
//   const r2 = await web.checkHere(page, guard, "practice-new-error", shotDir);
//
// Every wait is for a selector or a state, under a deadline (seconds(),
// scaled by SVK_SLOW like the shell tests); nothing sleeps a fixed time.
//
// The markup the helpers expect of the app (the web pages follow it):
// - a form control is found by the text of its <label> (for= or wrapping);
// - a field's error is the text of the element(s) its aria-describedby
//   names that have class "error" or "field-error" (or role="alert");
//   failing that, such an element right after the control or in its
//   label;
// - the login form has #name (or #user) and #password and one submit
//   button.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const childProcess = require("child_process");
const puppeteer = require("puppeteer-core");

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

// seconds(n): n seconds times SVK_SLOW, in milliseconds.
function seconds(n) {
	const f = Number(process.env.SVK_SLOW || 1);
	return Math.ceil(n * (f > 0 ? f : 1) * 1000);
}

// arg(name): the value after name on the command line (--base URL), or
// throw saying it is needed.
function arg(name) {
	const i = process.argv.indexOf(name);
	if (i < 0 || i + 1 >= process.argv.length)
		throw new Error(`${name} is needed`);
	return process.argv[i + 1];
}

// step(what, fn): run async fn, then print "ok WHAT"; a flow script's
// steps, each said as it passes.
async function step(what, fn) {
	await fn();
	console.log(`ok ${what}`);
}

// chromiumPath(): CHROMIUM if set, else `command -v chromium`.
function chromiumPath() {
	if (process.env.CHROMIUM)
		return process.env.CHROMIUM;
	for (const name of ["chromium", "chromium-browser"]) {
		try {
			const p = childProcess
			    .execFileSync("sh", ["-c", `command -v ${name}`])
			    .toString()
			    .trim();
			if (p)
				return p;
		} catch (e) {
			// not this one
		}
	}
	throw new Error("chromium is not installed (make deps-test installs it)");
}

// launch({profileDir}): a headless Chromium with its profile in profileDir
// (made if missing; a temporary one removed at close when not given),
// talking over a pipe (no DevTools port to collide with). If
// SVK_WEB_PIDFILE is set, the browser's process id is written there so a
// shell test can end it even if this process is killed.
async function launch(opts = {}) {
	let profileDir = opts.profileDir;
	let own = false;
	if (!profileDir) {
		profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "svk-chrome."));
		own = true;
	}
	fs.mkdirSync(profileDir, { recursive: true });
	const browser = await puppeteer.launch({
		executablePath: chromiumPath(),
		headless: true,
		pipe: true,
		// The tests' https daemons have certificates of their own making.
		acceptInsecureCerts: true,
		userDataDir: profileDir,
		timeout: seconds(30),
		protocolTimeout: seconds(60),
		args: [
			"--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
			"--no-first-run", "--no-default-browser-check",
			"--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--disable-default-apps", "--disable-quic",
			"--disable-features=Translate,MediaRouter,OptimizationHints",
			"--lang=en-GB", "--font-render-hinting=none",
		],
	});
	const proc = browser.process();
	if (process.env.SVK_WEB_PIDFILE && proc)
		fs.writeFileSync(process.env.SVK_WEB_PIDFILE, `${proc.pid}\n`);
	if (own) {
		const close = browser.close.bind(browser);
		browser.close = async () => {
			try {
				await close();
			} finally {
				fs.rmSync(profileDir, { recursive: true, force: true });
			}
		};
	}
	return browser;
}

// guardPage(page, base): from now on, note on guard.problems every console
// error, uncaught exception, dialog, failed or 4xx/5xx request of the page,
// and every request to an origin other than base's (refused). Reset with
// guard.reset() before each visit.
async function guardPage(page, base) {
	const origin = new URL(base).origin;
	const guard = {
		problems: [],
		notes: [],
		reset() {
			this.problems = [];
			this.notes = [];
		},
	};
	// The browser asks for /favicon.ico by itself: its absence is a note.
	const icon = (u) => {
		try {
			return new URL(u).pathname === "/favicon.ico";
		} catch (e) {
			return false;
		}
	};
	const note = (s, u) => (u && icon(u) ? guard.notes : guard.problems).push(s);
	await page.setRequestInterception(true);
	page.on("request", (req) => {
		if (req.isInterceptResolutionHandled())
			return;
		let u;
		try {
			u = new URL(req.url());
		} catch (e) {
			req.continue();
			return;
		}
		const web = ["http:", "https:", "ws:", "wss:"].includes(u.protocol);
		const same = u.origin === origin ||
		    (u.protocol.startsWith("ws") &&
			u.host === new URL(origin).host);
		if (web && !same) {
			note(`request to another origin: ${req.resourceType()} ` +
			    `${req.url()}`);
			req.abort("blockedbyclient");
			return;
		}
		req.continue();
	});
	page.on("console", (msg) => {
		if (msg.type() !== "error")
			return;
		const loc = msg.location();
		// The refused other-origin requests are noted already.
		if (/net::ERR_BLOCKED_BY_CLIENT/.test(msg.text()))
			return;
		note(`console error: ${msg.text()}` +
			(loc && loc.url ? ` (${loc.url}` +
			    `${loc.lineNumber !== undefined ? `:${loc.lineNumber}` : ""})` : ""),
		    loc && loc.url);
	});
	page.on("pageerror", (err) => note(`uncaught: ${err.message || err}`));
	page.on("dialog", async (d) => {
		note(`dialog (${d.type()}): ${d.message()}`);
		await d.dismiss();
	});
	page.on("requestfailed", (req) => {
		const why = req.failure() ? req.failure().errorText : "failed";
		if (why.startsWith("net::ERR_BLOCKED_BY_CLIENT"))
			return;
		note(`request failed: ${req.url()}: ${why}`, req.url());
	});
	page.on("response", (res) => {
		if (res.status() >= 400)
			note(`${res.status()} for ${res.request().resourceType()} ` +
			    `${res.url()}`, res.url());
	});
	return guard;
}

// open(browser, base): a new tab, guarded (guardPage) against base's
// origin, desktop-sized, with the deadlines of seconds().
async function open(browser, base) {
	const page = await browser.newPage();
	page.setDefaultTimeout(seconds(20));
	page.setDefaultNavigationTimeout(seconds(30));
	await page.setViewport(DESKTOP);
	const guard = await guardPage(page, base);
	return { page, guard };
}

// visit(page, url): go there and wait for the load event; the response's
// status must be 2xx (after redirects), or this throws.
async function visit(page, url) {
	const res = await page.goto(url, { waitUntil: "load" });
	if (!res)
		throw new Error(`${url}: no response`);
	if (res.status() < 200 || res.status() > 299)
		throw new Error(`${url}: answered ${res.status()}`);
	return res;
}

// waitUntil(what, fn, secs): call async fn until it returns a truthy
// value (every 100 ms), for at most secs (scaled); return that value, or
// throw naming what and the last value seen.
async function waitUntil(what, fn, secs = 20) {
	const end = Date.now() + seconds(secs);
	let last;
	for (;;) {
		try {
			last = await fn();
			if (last)
				return last;
		} catch (e) {
			last = e.message;
		}
		if (Date.now() > end)
			throw new Error(`waited ${secs} s for ${what}; last seen: ` +
			    `${JSON.stringify(last)}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

// control(page, label): the form control whose <label> text is label
// (whitespace folded; exact, or a RegExp), waited for. Throws listing the
// labels on the page when there is none.
async function control(page, label) {
	const want = label instanceof RegExp ? { re: label.source, fl: label.flags }
					     : { text: String(label) };
	const find = (w) => {
		const fold = (s) => s.replace(/\s+/g, " ").trim();
		const ok = (t) => w.text !== undefined ? fold(t) === fold(w.text)
						      : new RegExp(w.re, w.fl).test(fold(t));
		for (const l of document.querySelectorAll("label")) {
			// The label's own words, without those of a nested control.
			const c = l.cloneNode(true);
			c.querySelectorAll("input,select,textarea,.error").forEach(
			    (e) => e.remove());
			if (ok(c.textContent) && l.control)
				return l.control;
		}
		return null;
	};
	try {
		const h = await page.waitForFunction(find, { timeout: seconds(10) }, want);
		return h.asElement();
	} catch (e) {
		const labels = await page.$$eval("label",
		    (ls) => ls.map((l) => l.textContent.replace(/\s+/g, " ").trim()));
		throw new Error(`no control labelled ${JSON.stringify(String(label))}` +
		    ` on ${page.url()}; labels: ${JSON.stringify(labels)}`);
	}
}

// fillByLabel(page, label, value): put value into the control labelled
// label: typed into an input or textarea (after clearing it), or the
// option of a select whose value or text is value.
// typeValue(el, value): clear the field el and type value into it, as a
// person would, key by key; what it then holds. Under a heavy load
// Chromium lost a key between letters typed as text and a space typed as a
// key press ("Δενβρέθηκαν", CI): typing is then done once more, slower.
async function typeValue(el, value) {
	let got;
	for (const delay of [0, 30]) {
		await el.evaluate((e) => {
			e.value = "";
		});
		await el.type(value, { delay });
		got = await el.evaluate((e) => e.value);
		if (got === value)
			break;
	}
	return got;
}

async function fillByLabel(page, label, value) {
	const el = await control(page, label);
	const tag = await el.evaluate((e) => e.tagName.toLowerCase());
	if (tag === "select") {
		const ok = await el.evaluate((e, v) => {
			const o = [...e.options].find(
			    (x) => x.value === v || x.textContent.trim() === v);
			if (!o)
				return false;
			e.value = o.value;
			e.dispatchEvent(new Event("input", { bubbles: true }));
			e.dispatchEvent(new Event("change", { bubbles: true }));
			return true;
		}, String(value));
		if (!ok)
			throw new Error(`"${label}": no option ${JSON.stringify(value)}`);
		return el;
	}
	const got = await typeValue(el, String(value));
	if (got !== String(value))
		throw new Error(`"${label}" holds ${JSON.stringify(got)} after typing`);
	return el;
}

// tickByLabel(page, label, on = true): the check box (or radio button)
// labelled label ends ticked (or not), clicked as a person would.
async function tickByLabel(page, label, on = true) {
	const el = await control(page, label);
	const type = await el.evaluate((e) => e.type);
	if (type !== "checkbox" && type !== "radio")
		throw new Error(`"${label}" is a ${type}, not a check box`);
	if ((await el.evaluate((e) => e.checked)) !== on)
		await el.click();
	await waitUntil(`"${label}" ${on ? "ticked" : "not ticked"}`,
	    async () => (await el.evaluate((e) => e.checked)) === on, 5);
	return el;
}

// fieldError(page, label): the field-level error shown for the control
// labelled label ("" when none), as the markup notes above say.
async function fieldError(page, label) {
	const el = await control(page, label);
	return el.evaluate((e) => {
		const fold = (s) => s.replace(/\s+/g, " ").trim();
		const isErr = (x) => x && (x.classList.contains("error") ||
		    x.classList.contains("field-error") ||
		    x.getAttribute("role") === "alert");
		const ids = (e.getAttribute("aria-describedby") || "").split(/\s+/);
		const said = ids.map((id) => id && document.getElementById(id))
				 .filter(isErr)
				 .map((x) => fold(x.textContent))
				 .filter(Boolean);
		if (said.length)
			return said.join(" ");
		if (isErr(e.nextElementSibling))
			return fold(e.nextElementSibling.textContent);
		for (const l of e.labels || []) {
			const x = l.querySelector(".error,.field-error,[role=alert]");
			if (x)
				return fold(x.textContent);
		}
		return "";
	});
}

// submit(page, button): click the submit button (by its text, or the
// only one of the form that holds the focused control, or the page's
// only one) and wait for the page that answers. Returns the response.
async function submit(page, button) {
	const h = await page.evaluateHandle((text) => {
		const fold = (s) => s.replace(/\s+/g, " ").trim();
		const all = [...document.querySelectorAll(
		    "button:not([type]),button[type=submit],input[type=submit]")];
		if (text !== undefined)
			return all.find((b) => fold(b.textContent || b.value) === text) ||
			    null;
		const f = document.activeElement && document.activeElement.form;
		const mine = f ? all.filter((b) => b.form === f) : all;
		return mine.length === 1 ? mine[0] : null;
	}, button);
	const el = h.asElement();
	if (!el)
		throw new Error(`no submit button ${button ? `"${button}"` : ""}` +
		    ` (or more than one) on ${page.url()}`);
	const [res] = await Promise.all([
		page.waitForNavigation({ waitUntil: "load" }),
		el.click(),
	]);
	return res;
}

// The login form's user name field: #name (as the brief for the pages
// says), #user (as node/daemon/http_login.c has it), or the field that
// says autocomplete="username".
const USER_FIELD = "#name, #user, input[autocomplete=username]";

// login(page, base, name, password, path = "/login"): sign in through the
// login form (USER_FIELD, #password) and wait for the page it leads to.
// Throws when the answer is not 2xx or the login form is still there.
async function login(page, base, name, password, where = "/login") {
	await visit(page, new URL(where, base).href);
	await page.waitForSelector(USER_FIELD);
	await page.type(USER_FIELD, name);
	await page.type("#password", password);
	await page.focus("#password");
	const res = await submit(page);
	if (!res || res.status() < 200 || res.status() > 299)
		throw new Error(`login as ${name}: answered ${res ? res.status() : "nothing"}`);
	if (await page.$("#password"))
		throw new Error(`login as ${name}: still on the login form ` +
		    `(${page.url()})`);
	return res;
}

// expectLang(page, lang): the page's <html lang> is lang (or starts with
// lang-), else throw.
async function expectLang(page, lang) {
	const got = await page.evaluate(() => document.documentElement.lang);
	if (got !== lang && !got.startsWith(`${lang}-`))
		throw new Error(`${page.url()}: <html lang="${got}">, not "${lang}"`);
	return got;
}

// overflow(page): null when the page does not scroll sideways, else what
// does: the widest element reaching past the right edge that no scrolling
// or clipping box holds, as text.
async function overflow(page) {
	return page.evaluate(() => {
		const de = document.documentElement;
		const cw = de.clientWidth;
		if (de.scrollWidth <= cw)
			return null;
		const held = (el) => {
			for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
				if (getComputedStyle(a).overflowX !== "visible" &&
				    a.getBoundingClientRect().right <= cw + 1)
					return true;
			}
			return false;
		};
		const name = (el) => {
			let s = el.tagName.toLowerCase();
			if (el.id)
				s += `#${el.id}`;
			for (const c of el.classList)
				s += `.${c}`;
			return s;
		};
		const where = (el) => {
			const p = [];
			for (let a = el; a && a !== document.documentElement; a = a.parentElement)
				p.unshift(name(a));
			return p.join(" > ");
		};
		let best = null;
		let n = 0;
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.right + window.scrollX <= cw + 1 || held(el))
				continue;
			n++;
			if (!best || r.width > best.w)
				best = { el, w: r.width, right: r.right + window.scrollX };
		}
		let s = `page is ${de.scrollWidth} px wide at ${cw} px`;
		if (best) {
			const text = (best.el.innerText || best.el.textContent).replace(/\s+/g, " ").trim().slice(0, 40);
			s += `; widest element past the edge: ${where(best.el)} ` +
			    `(${Math.round(best.w)} px wide, right edge at ` +
			    `${Math.round(best.right)} px${text ? `, "${text}"` : ""})` +
			    `; ${n} element(s) reach past the edge`;
		}
		return s;
	});
}

// innerScrolls(page): boxes that scroll sideways inside the page (allowed,
// but a phone user has to swipe them): their names and widths.
async function innerScrolls(page) {
	return page.evaluate(() => {
		const out = [];
		for (const el of document.body.querySelectorAll("*")) {
			const o = getComputedStyle(el).overflowX;
			if ((o === "auto" || o === "scroll") && el.scrollWidth > el.clientWidth + 1)
				out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}` +
				    `${[...el.classList].map((c) => `.${c}`).join("")} ` +
				    `(${el.scrollWidth} px in ${el.clientWidth} px)`);
		}
		return out;
	});
}

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// axe(page): axe-core's violations on the page as it is now:
// [{id, impact, help, targets: [...]}]. The script is evaluated through
// the DevTools protocol, so a page's Content-Security-Policy does not stop
// it and no tag is added to the page.
async function axe(page) {
	const has = await page.evaluate(() => typeof window.axe !== "undefined");
	if (!has)
		await page.evaluate(AXE);
	return page.evaluate(async () => {
		const r = await window.axe.run(document, { resultTypes: ["violations"] });
		return r.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.map((n) => n.target.join(" ")),
		}));
	});
}

// serious(violations): those of impact serious or critical.
function serious(violations) {
	return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

// settle(page): two animation frames, after which a new viewport's layout
// has been done.
async function settle(page) {
	await page.evaluate(() => new Promise((r) =>
	    requestAnimationFrame(() => requestAnimationFrame(r))));
}

// checkPage(page, guard, url, name, shotDir): visit url and check it as
// every page is checked (checkHere), the guard reset before the visit.
// Returns {problems: [...], notes: [...]}.
async function checkPage(page, guard, url, name, shotDir) {
	guard.reset();
	await page.setViewport(DESKTOP);
	try {
		await visit(page, url);
	} catch (e) {
		return { problems: [e.message, ...guard.problems], notes: guard.notes };
	}
	return checkHere(page, guard, name, shotDir);
}

// checkHere(page, guard, name, shotDir): check the page as it is now (the
// answer to a form, say): screenshots NAME-desktop.png (1280x900) and
// NAME-phone.png (390x844) into shotDir (whole page), no sideways
// scrolling at 390 px, no serious or critical axe-core violation at
// either width, nothing the guard noted since its last reset (console
// errors, other origins, failed requests). Returns {problems: [...],
// notes: [...]}; the viewport is desktop again afterwards.
async function checkHere(page, guard, name, shotDir) {
	const problems = [];
	const notes = [];
	const seen = new Set();
	const axeAt = async (width) => {
		for (const v of await axe(page)) {
			const key = `${v.id} ${v.targets.join(",")}`;
			if (seen.has(key))
				continue;
			seen.add(key);
			const line = `axe ${v.impact}: ${v.id} (${v.help}) at ${width} px: ` +
			    v.targets.slice(0, 5).join(" | ") +
			    (v.targets.length > 5 ? ` and ${v.targets.length - 5} more` : "");
			(serious([v]).length ? problems : notes).push(line);
		}
	};
	fs.mkdirSync(shotDir, { recursive: true });
	try {
		await page.setViewport(DESKTOP);
		await settle(page);
		await page.screenshot({ path: path.join(shotDir, `${name}-desktop.png`),
			fullPage: true });
		await axeAt(DESKTOP.width);
		await page.setViewport(PHONE);
		await settle(page);
		const over = await overflow(page);
		if (over)
			problems.push(`scrolls sideways at ${PHONE.width} px: ${over}`);
		for (const s of await innerScrolls(page))
			notes.push(`a box scrolls sideways at ${PHONE.width} px: ${s}`);
		await page.screenshot({ path: path.join(shotDir, `${name}-phone.png`),
			fullPage: true });
		await axeAt(PHONE.width);
	} catch (e) {
		// A page that navigates away by itself, or a browser that fails.
		problems.push(`could not be checked: ${e.message}`);
	}
	await page.setViewport(DESKTOP);
	problems.push(...guard.problems);
	notes.push(...new Set(guard.notes));
	return { problems, notes };
}

module.exports = {
	DESKTOP, PHONE, seconds, arg, step, chromiumPath, launch, guardPage, open,
	visit, waitUntil, control, typeValue, fillByLabel, tickByLabel, fieldError, submit, login,
	expectLang, overflow, innerScrolls, axe, serious, settle, checkPage,
	checkHere,
};
