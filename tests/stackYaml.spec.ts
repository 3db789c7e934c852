/**
 * lib/stackYaml.ts: YAML as the Pulumi CLI reads a stack file, go-yaml v2 (YAML 1.1) resolution and its writing back
 * (go-yaml/yaml branch v2 resolve.go and encode.go; Go strconv.FormatFloat 'g'; encoding/json sorts map keys).
 */
import * as assert from "node:assert/strict";
import { decodeGoYaml, GoFloat, goFormatFloat, goJson, goScalarText, GoYamlError, resolvePlainScalar } from "../lib/stackYaml";

describe("lib/stackYaml: a stack file as go-yaml v2 decodes it", () => {
  it("resolves plain scalars by YAML 1.1: the eleven words of each boolean, null, integers of every base, floats", () => {
    for (const word of ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"]) assert.equal(resolvePlainScalar(word), true, word);
    for (const word of ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"]) assert.equal(resolvePlainScalar(word), false, word);
    for (const word of ["", "~", "null", "Null", "NULL"]) assert.equal(resolvePlainScalar(word), null, word);
    assert.deepEqual(["0x18", "0o30", "030", "0b11000", "+24", "2_4", "-0x18"].map(resolvePlainScalar), [24, 24, 24, 24, 24, 24, -24]);
    assert.equal(resolvePlainScalar("9223372036854775807"), 9223372036854775807n);
    assert.equal(resolvePlainScalar("18446744073709551615"), 18446744073709551615n);
    assert.ok(resolvePlainScalar("08") instanceof GoFloat, "08 is no octal number: strconv.ParseFloat reads it");
    assert.deepEqual(["yes please", "10.1.0.0/16", "eu-west-1", "2024-01-01", "0x", "1:20"].map(resolvePlainScalar), ["yes please", "10.1.0.0/16", "eu-west-1", "2024-01-01", "0x", "1:20"]);
  });

  it("writes floats back as Go's strconv.FormatFloat(f, 'g', -1, 64): exponent form below 1e-4 and from 1e+06", () => {
    assert.deepEqual([24, 24.5, 123456, 1e6, 1234567, 0.0001, 0.00001, -3.25e-7, 1e21].map(goFormatFloat), ["24", "24.5", "123456", "1e+06", "1.234567e+06", "0.0001", "1e-05", "-3.25e-07", "1e+21"]);
    assert.deepEqual([new GoFloat(Infinity), new GoFloat(-Infinity), new GoFloat(NaN), null, true, 7].map(goScalarText), [".inf", "-.inf", ".nan", "", "true", "7"]);
  });

  it("writes objects as encoding/json does: keys sorted, whole floats as integers, no non-finite number", () => {
    assert.equal(goJson({ b: [1, new GoFloat(2)], a: { d: null, c: "x" } }), '{"a":{"c":"x","d":null},"b":[1,2]}');
    assert.throws(() => goJson({ a: new GoFloat(Infinity) }), GoYamlError);
  });

  it("reads the first document only, and an empty file as nothing", () => {
    assert.deepEqual(decodeGoYaml("a: 1\n---\nb: 2\n"), { a: 1 });
    assert.equal(decodeGoYaml(""), null);
    assert.equal(decodeGoYaml("# only a comment\n"), null);
  });

  it("applies a later key over an earlier one, and merge keys with the first map of a list winning", () => {
    assert.deepEqual(decodeGoYaml("a: 1\na: 2\n"), { a: 2 });
    assert.deepEqual(decodeGoYaml("x:\n  <<: [{k: 1, j: 1}, {k: 2, i: 2}]\n  j: 3\n"), { x: { k: 1, i: 2, j: 3 } });
    assert.throws(() => decodeGoYaml("x:\n  <<: 5\n"), /map merge requires map or sequence of maps as the value/);
  });

  it("checks explicit tags as go-yaml v2 does: !!str takes anything, another tag must match", () => {
    assert.deepEqual(decodeGoYaml("a: !!str 24\nb: !!float 3\nc: !custom x\n"), { a: "24", b: new GoFloat(3), c: "x" });
    assert.throws(() => decodeGoYaml("a: !!int x\n"), { message: "cannot decode !!str `x` as a !!int" });
  });

  it("stops a document whose aliases expand without end", () => {
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    assert.throws(() => decodeGoYaml(laughs), /document contains excessive aliasing/);
  });
});
