"""The link envelope (site/js/link-envelope.js) in Chromium: hostile strings round-trip byte for byte,
and a truncated, changed, newer or wrongly locked link gives its message and opens nothing."""

import random

from tests.browser.helpers import DIALOG_HOOK, open_app

# Loads the codec into the page once; each test calls window.__env.
LOAD = "async () => { window.__env = await import('./js/link-envelope.js'); return true; }"


def load(page, app_url):
    page.add_init_script(DIALOG_HOOK)
    open_app(page, app_url)
    page.evaluate(LOAD)


def test_every_naughty_string_round_trips_byte_for_byte(page, app_url, blns):
    load(page, app_url)
    # Every string in every kind of field a pack, a return and a backup carry: keys, values, lists.
    result = page.evaluate("""async (strings) => {
        const env = window.__env;
        const bad = [];
        for (const kind of ['pack', 'return', 'backup']) {
            const value = { kind, texts: strings, keyed: Object.fromEntries(strings.map((s, i) => [s + i, s])) };
            const text = await env.seal(value, { kind });
            if (!/^R2[A-Za-z0-9_-]+$/.test(text)) bad.push(kind + ': not url-safe');
            const back = await env.open(text, { kind });
            if (JSON.stringify(back) !== JSON.stringify(value)) bad.push(kind + ': changed');
        }
        // Locked too, with a hostile passphrase.
        const locked = await env.seal({ texts: strings }, { kind: 'pack', passphrase: strings[100] + 'x' });
        const back = await env.open(locked, { kind: 'pack', passphrase: strings[100] + 'x' });
        if (JSON.stringify(back.texts) !== JSON.stringify(strings)) bad.push('locked: changed');
        return { bad, executed: window.__executed || [] };
    }""", blns)
    assert result == {"bad": [], "executed": []}


def test_truncations_and_bit_flips_each_give_the_message_and_nothing(page, app_url):
    load(page, app_url)
    text = page.evaluate("""() => window.__env.seal(
        { rt: 'pack', v: 1, q: Array.from({ length: 8 }, (_, i) => ({ x: 'Question number ' + i + ' about a project' })) },
        { kind: 'pack' })""")
    rng = random.Random(11)
    broken = set()
    while len(broken) < 100:
        if rng.random() < 0.5:
            cut = rng.randrange(0, len(text))
            broken.add(text[:cut])
        else:
            at = rng.randrange(2, len(text))
            alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            # One base64url character carries six bits: another character flips at least one of them.
            swapped = rng.choice([c for c in alphabet if c != text[at]])
            broken.add(text[:at] + swapped + text[at + 1:])
    outcomes = page.evaluate("""async (links) => {
        const out = [];
        for (const link of links) {
            try { out.push({ opened: await window.__env.open(link, { kind: 'pack' }) }); }
            catch (err) { out.push({ code: err.code, message: err.message, ours: window.__env.isEnvelopeError(err) }); }
        }
        return out;
    }""", sorted(broken))
    for outcome in outcomes:
        assert "opened" not in outcome, outcome
        assert outcome["ours"], outcome
        assert outcome["code"] in {"empty", "not_round_two", "damaged"}, outcome
        assert "nothing" in outcome["message"] or "paste" in outcome["message"].lower(), outcome


def test_each_failure_has_its_own_message(page, app_url):
    load(page, app_url)
    got = page.evaluate("""async () => {
        const env = window.__env;
        const tryOpen = async (text, opts) => { try { await env.open(text, opts); return 'opened'; } catch (e) { return e.code; } };
        const locked = await env.seal({ a: 1 }, { kind: 'return', passphrase: 'correct horse' });
        const plain = await env.seal({ a: 1 }, { kind: 'pack' });
        // A newer envelope version, with a checksum that matches, as a newer Round Two would make it.
        const raw = Uint8Array.from(atob(plain.slice(2).replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((plain.length - 2 + 3) % 4)), (c) => c.charCodeAt(0));
        const signed = raw.slice(0, raw.length - 8);
        signed[0] = 9;
        const sum = new Uint8Array(await crypto.subtle.digest('SHA-256', signed)).slice(0, 8);
        const all = new Uint8Array(signed.length + 8); all.set(signed); all.set(sum, signed.length);
        const newer = 'R2' + btoa(String.fromCharCode(...all)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
        return {
            empty: await tryOpen('   ', { kind: 'pack' }),
            other: await tryOpen('https://example.org/#abc', { kind: 'pack' }),
            needs: await tryOpen(locked, { kind: 'return' }),
            wrong: await tryOpen(locked, { kind: 'return', passphrase: 'Correct horse' }),
            right: await tryOpen(locked, { kind: 'return', passphrase: 'correct horse' }),
            kind: await tryOpen(plain, { kind: 'return' }),
            newer: await tryOpen(newer, { kind: 'pack' }),
            inspect: await env.inspect(locked),
        };
    }""")
    assert got == {"empty": "empty", "other": "not_round_two", "needs": "needs_passphrase", "wrong": "wrong_passphrase",
                   "right": "opened", "kind": "wrong_kind", "newer": "newer_version",
                   "inspect": {"kind": "return", "locked": True}}


def test_a_small_link_that_unpacks_to_gigabytes_is_refused(page, app_url):
    load(page, app_url)
    code = page.evaluate("""async () => {
        const env = window.__env;
        const text = await env.seal({ pad: 'a'.repeat(3_000_000) }, { kind: 'pack' });
        try { await env.open(text, { kind: 'pack' }); return ['opened', text.length]; } catch (e) { return [e.code, text.length]; }
    }""")
    assert code[0] == "too_big" and code[1] < 10_000, code
