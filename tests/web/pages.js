// pages.js: the crawler. From the start page(s), visits every same-origin
// link it finds, breadth first, and checks each page as lib.js's
// checkPage does (screenshots at desktop and phone width, no sideways
// scrolling at 390 px, no serious or critical axe-core violation, no
// console error, nothing fetched from another origin, 2xx answers). Then
// every page (the first --lang-max, 20 unless told) once more in each
// language the pages offer (?lang=xx links): at phone width, the
// <html lang> must say that language and the page must not scroll
// sideways.
//
//   node pages.js --base URL --shots DIR [--prefix NAME-] [--max N]
//                 [--min N] [--start PATH]... [--no-follow] [--no-langs]
//                 [--lang-max N]
//                 [--login NAME] (password in SVK_WEB_PASSWORD)
//                 [--known FILE]
//
// Skipped, never visited: /metrics, /api and below, links with a
// download attribute or to a file (.json .csv ...), answers that are not
// text/html or are attachments (checked first with a plain GET), and
// other origins (links there are fine; loading from there is not).
// Prints "ok PATH" or "FAIL PATH: why" for each page, "note" lines for
// what is allowed but worth a look, and exits 1 if anything failed or
// fewer than --min pages were checked.
//
// --known FILE lists problems known and not yet mended, one a line:
// "PATH axe:RULE why" or "PATH overflow why" (# starts a comment). Such a
// problem is printed as KNOWN and does not fail the run; a known problem
// that a checked page no longer has fails it ("gone: take it out of the
// list"), so the list only shrinks.
"use strict";

const fs = require("fs");
const http = require("http");
const path = require("path");
const https = require("https");
const web = require("./lib.js");

function parseArgs(argv) {
	const o = { start: [], max: 60, langMax: 20, min: 1, follow: true, langs: true,
		prefix: "" };
	// Options with a value: where it goes (a function for numbers and lists).
	const takes = {
		"--base": "base", "--shots": "shots", "--prefix": "prefix",
		"--login": "login", "--known": "known", "--profile": "profile",
		"--max": (v) => (o.max = Number(v)),
		"--lang-max": (v) => (o.langMax = Number(v)),
		"--min": (v) => (o.min = Number(v)),
		"--start": (v) => o.start.push(v),
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === "--no-follow") {
			o.follow = false;
		} else if (a === "--no-langs") {
			o.langs = false;
		} else if (takes[a]) {
			if (i + 1 >= argv.length)
				throw new Error(`${a} needs a value`);
			const v = argv[++i];
			if (typeof takes[a] === "function")
				takes[a](v);
			else
				o[takes[a]] = v;
		} else {
			throw new Error(`unknown argument ${a}`);
		}
	}
	if (!o.base || !o.shots)
		throw new Error("--base URL and --shots DIR are needed");
	if (!o.start.length)
		o.start.push("/");
	return o;
}

const FILES = /\.(json|csv|txt|xml|pdf|zip|gz|tar|png|jpe?g|gif|svg|ico|webp|css|js|map|wasm)$/i;

// skip(u): why the URL u is not to be visited as a page ("" to visit it).
function skip(u, origin) {
	if (u.origin !== origin)
		return "another origin";
	const p = u.pathname;
	if (p === "/metrics" || p.startsWith("/metrics/"))
		return "metrics";
	if (p === "/api" || p.startsWith("/api/"))
		return "api";
	if (FILES.test(p))
		return "a file";
	if (/(^|\/)(download|export)(\/|$)/.test(p) || /(^|&)(format|download)=/.test(u.search.slice(1)))
		return "a download";
	return "";
}

// key(u): the page u names, its lang= argument left out (languages are
// checked in their own pass).
function key(u) {
	const v = new URL(u.href);
	v.hash = "";
	v.searchParams.delete("lang");
	v.searchParams.sort();
	return v.pathname + v.search;
}

// shotName(k): a file name for the page k ("/" is "index").
function shotName(k, taken) {
	let n = k === "/" ? "index" : k.replace(/^\/+/, "").replace(/[^A-Za-z0-9._]+/g, "-");
	n = n.replace(/-+$/, "").slice(0, 80) || "page";
	let m = n;
	for (let i = 2; taken.has(m); i++)
		m = `${n}-${i}`;
	taken.add(m);
	return m;
}

// probe(url, cookie): a plain GET: {status, type, disposition}.
function probe(url, cookie) {
	return new Promise((resolve, reject) => {
		const mod = url.startsWith("https:") ? https : http;
		const req = mod.get(url, {
			headers: cookie ? { Cookie: cookie } : {},
			rejectUnauthorized: false,
			timeout: web.seconds(20),
		}, (res) => {
			res.resume();
			resolve({
				status: res.statusCode,
				type: String(res.headers["content-type"] || ""),
				disposition: String(res.headers["content-disposition"] || ""),
				location: res.headers.location,
			});
		});
		req.on("timeout", () => req.destroy(new Error(`no answer in time from ${url}`)));
		req.on("error", reject);
	});
}

// readKnown(file): [{path, kind, why, line, seen}] from the --known file.
function readKnown(file) {
	if (!file)
		return [];
	return fs.readFileSync(file, "utf8").split("\n").map((l, i) => ({ l, i }))
		 .filter(({ l }) => l.trim() && !l.trim().startsWith("#"))
		 .map(({ l, i }) => {
			 const [p, kind, ...why] = l.trim().split(/\s+/);
			 if (!kind || !(kind === "overflow" || kind.startsWith("axe:")))
				 throw new Error(`${file}:${i + 1}: not "PATH axe:RULE why" or "PATH overflow why"`);
			 return { path: p, kind, why: why.join(" "), line: i + 1, seen: false };
		 });
}

// isKnown(known, k, problem): the entry of known that problem (a line
// checkPage gave for page k) is, marked seen; or null.
function isKnown(known, k, problem) {
	for (const e of known) {
		if (e.path !== k)
			continue;
		if ((e.kind === "overflow" && problem.startsWith("scrolls sideways")) ||
		    (e.kind.startsWith("axe:") &&
			new RegExp(`^axe \\w+: ${e.kind.slice(4)} \\(`).test(problem))) {
			e.seen = true;
			return e;
		}
	}
	return null;
}

// links(page): the http(s) links of the page as it is: [{u, download}].
async function links(page) {
	const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => ({
		href: a.href,
		download: a.hasAttribute("download"),
	})));
	return hrefs.filter((h) => /^https?:/.test(h.href)).map((h) => ({
		u: new URL(h.href),
		download: h.download,
	}));
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const origin = new URL(o.base).origin;
	const known = readKnown(o.known);
	const knownName = o.known ? path.relative(process.cwd(), o.known) : "";
	const browser = await web.launch({ profileDir: o.profile });
	let failed = 0;
	let pagesChecked = 0;
	const skipped = new Map();
	try {
		const { page, guard } = await web.open(browser, o.base);
		if (o.login) {
			await web.login(page, o.base, o.login, process.env.SVK_WEB_PASSWORD || "");
			console.log(`  logged in as ${o.login}`);
		}
		const cookie = async () => (await page.cookies(o.base))
					   .map((c) => `${c.name}=${c.value}`).join("; ");
		const queue = o.start.map((s) => new URL(s, o.base));
		const seen = new Set(queue.map(key));
		const langs = new Set();
		const done = [];
		const taken = new Set();
		while (queue.length) {
			const u = queue.shift();
			const k = key(u);
			if (done.length >= o.max) {
				skipped.set(k, `over --max ${o.max}`);
				continue;
			}
			const pr = await probe(u.href, await cookie());
			if (pr.status >= 300 && pr.status < 400 && pr.location) {
				// Follow the redirect as a link of its own.
				const v = new URL(pr.location, u);
				if (!skip(v, origin) && !seen.has(key(v))) {
					seen.add(key(v));
					queue.push(v);
				}
				skipped.set(k, `redirects to ${pr.location}`);
				continue;
			}
			if (pr.status >= 200 && pr.status < 300 &&
			    (!/^text\/html/i.test(pr.type) || /attachment/i.test(pr.disposition))) {
				skipped.set(k, `a download (${pr.type})`);
				continue;
			}
			const name = o.prefix + shotName(k, taken);
			const r = await web.checkPage(page, guard, u.href, name, o.shots);
			done.push({ u, name });
			pagesChecked = done.length;
			for (const n of r.notes)
				console.log(`  note ${k}: ${n}`);
			r.problems = r.problems.filter((p) => {
				const e = isKnown(known, k, p);
				if (e)
					console.log(`KNOWN ${k}: ${p} -- ${knownName}:${e.line}: ${e.why}`);
				return !e;
			});
			if (r.problems.length) {
				failed++;
				for (const p of r.problems)
					console.log(`FAIL ${k}: ${p}`);
			} else {
				console.log(`ok ${k} (${name}-desktop.png, ${name}-phone.png)`);
			}
			if (!o.follow)
				continue;
			// The page checkPage left loaded (if it loaded at all).
			if (key(new URL(page.url())) !== k)
				continue;
			const found = await links(page);
			for (const { u: v, download } of found) {
				const lang = v.searchParams.get("lang");
				if (lang && v.origin === origin)
					langs.add(lang);
				const kv = key(v);
				if (seen.has(kv))
					continue;
				seen.add(kv);
				const why = download ? "a download" : skip(v, origin);
				if (why) {
					if (why !== "another origin")
						skipped.set(kv, why);
					continue;
				}
				v.hash = "";
				v.searchParams.delete("lang");
				queue.push(v);
			}
		}
		// Each language offered, every page (up to --lang-max) at phone width.
		if (o.langs && langs.size) {
			const first = await page.evaluate(() => document.documentElement.lang);
			for (const lang of [...langs].sort()) {
				for (const { u } of done.slice(0, o.langMax)) {
					const v = new URL(u.href);
					v.searchParams.set("lang", lang);
					guard.reset();
					await page.setViewport(web.PHONE);
					let problems = [];
					try {
						await web.visit(page, v.href);
						await web.expectLang(page, lang);
						await web.settle(page);
						const over = await web.overflow(page);
						if (over)
							problems.push(`scrolls sideways at ${web.PHONE.width} px: ${over}`);
					} catch (e) {
						problems.push(e.message);
					}
					problems.push(...guard.problems);
					problems = problems.filter((p) => !isKnown(known, key(u), p));
					if (problems.length) {
						failed++;
						for (const p of problems)
							console.log(`FAIL ${key(u)} in ${lang}: ${p}`);
					} else {
						console.log(`ok ${key(u)} in ${lang}`);
					}
				}
			}
			// Back to the first page's language, so a caller's next run
			// starts where this one did.
			if (first && done.length) {
				const v = new URL(done[0].u.href);
				v.searchParams.set("lang", first);
				await page.goto(v.href).catch(() => {});
			}
			await page.setViewport(web.DESKTOP);
		}
		const checkedKeys = new Set(done.map(({ u }) => key(u)));
		for (const e of known) {
			if (e.seen)
				continue;
			if (checkedKeys.has(e.path)) {
				failed++;
				console.log(`FAIL ${e.path}: the known problem ${e.kind} is gone: ` +
				    `take ${knownName}:${e.line} out of the list`);
			} else {
				console.log(`  note: ${knownName}:${e.line}: ${e.path} was not checked`);
			}
		}
		for (const [k, why] of skipped)
			console.log(`  skipped ${k}: ${why}`);
		console.log(`pages: ${done.length} checked` +
		    (langs.size ? ` (and in ${[...langs].sort().join(" ")})` : "") +
		    `, ${failed} failed, ${skipped.size} skipped`);
	} finally {
		await browser.close();
	}
	if (pagesChecked < o.min) {
		console.log(`FAIL: only ${pagesChecked} page(s) checked, at least ${o.min} expected`);
		return 1;
	}
	return failed ? 1 : 0;
}

main().then((rc) => {
	process.exitCode = rc;
}, (e) => {
	console.log(`FAIL: ${e.stack || e}`);
	process.exitCode = 2;
});
