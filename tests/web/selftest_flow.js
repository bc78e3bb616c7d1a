// selftest_flow.js: lib.js's helpers for the flow tests, driven against
// tests/web/selftest_server.py's login and form pages (selftest.sh runs
// it): a wrong password leaves the login form and login() says so, the
// right one leads on; fillByLabel (input, textarea, select by option text),
// tickByLabel both ways, submit, fieldError (aria-describedby) in Greek,
// expectLang, waitUntil's deadline, checkPage behind the login; and that
// each helper fails loudly when what it looks for is not there.
//
//   node selftest_flow.js --base URL --profile DIR --shots DIR
"use strict";

const assert = require("assert");
const web = require("./lib.js");

const { arg, step } = web;

async function main() {
	const base = arg("--base");
	const browser = await web.launch({ profileDir: arg("--profile") });
	try {
		const { page, guard } = await web.open(browser, base);
		await step("a page behind the login leads to the login form", async () => {
			await web.visit(page, new URL("/form.html", base).href);
			assert.match(page.url(), /\/login\.html$/);
		});
		await step("a wrong password (#name): login() fails, the form says why", async () => {
			await assert.rejects(web.login(page, base, "anna", "wrong", "/login.html"),
			    /login as anna: still on the login form/);
			const said = await page.$eval("[role=alert]", (e) => e.textContent);
			assert.equal(said, "Wrong name or password.");
		});
		await step("the right password (#user) leads on, to a page in Greek", async () => {
			await web.login(page, base, "anna", "secret", "/login2.html");
			assert.match(page.url(), /\/form\.html$/);
			assert.equal(await web.expectLang(page, "el"), "el");
			await assert.rejects(web.expectLang(page, "en"), /<html lang="el">, not "en"/);
		});
		await step("an empty title: the field's error, in Greek", async () => {
			await web.fillByLabel(page, "Περίληψη", "Παιδιά παίζουν\nστην αυλή");
			const res = await web.submit(page, "Αποθήκευση");
			assert.equal(res.status(), 200);
			assert.equal(await web.fieldError(page, "Τίτλος"), "Ο τίτλος χρειάζεται.");
			assert.equal(await web.fieldError(page, "Περίληψη"), "");
			const kept = await page.$eval("#summary", (e) => e.value);
			assert.match(kept, /Παιδιά παίζουν\r?\nστην αυλή/);
		});
		await step("the helpers fail loudly on what is not there", async () => {
			await assert.rejects(web.fillByLabel(page, "No such field", "x"),
			    /no control labelled "No such field" .*labels: \[.*"Τίτλος"/);
			await assert.rejects(web.tickByLabel(page, "Τίτλος"), /is a text, not a check box/);
			await assert.rejects(web.fillByLabel(page, "Τομέας", "Sport"), /no option "Sport"/);
			await assert.rejects(web.submit(page, "Delete everything"), /no submit button/);
			await assert.rejects(web.waitUntil("what never comes", async () => false, 0.3),
			    /waited 0.3 s for what never comes; last seen: false/);
		});
		await step("a filled form arrives as filled", async () => {
			await web.fillByLabel(page, "Τίτλος", "Παιδικό παιχνίδι");
			await web.fillByLabel(page, /^Τομ/, "Ηλικιωμένοι");
			await web.tickByLabel(page, "Εκπαίδευση παιδιών");
			await web.tickByLabel(page, "Εθελοντές στην αυλή");
			await web.tickByLabel(page, "Εθελοντές στην αυλή", false);
			await web.submit(page);
			const got = await page.$$eval("#received dt", (dts) => Object.fromEntries(
			    dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
			assert.equal(got.title, "Παιδικό παιχνίδι");
			assert.equal(got.area, "elderly");
			assert.equal(got.core, "2");
			assert.match(got.summary, /στην αυλή/);
		});
		await step("checkPage behind the login: the form passes every check", async () => {
			const r = await web.checkPage(page, guard, new URL("/form.html", base).href,
			    "flow-form", arg("--shots"));
			assert.deepEqual(r.problems, []);
		});
		await step("nothing went wrong on the way", async () => {
			assert.deepEqual(guard.problems, []);
		});
	} finally {
		await browser.close();
	}
}

main().then(() => console.log("flow: every helper did what it says"), (e) => {
	console.log(`FAIL: ${e.stack || e}`);
	process.exitCode = 1;
});
