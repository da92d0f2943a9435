// A separate process that logs in to a SoftHSM2 token the way an attacker with the PIN would,
// and reports what it could do. Usage: node pkcs11-probe.cjs '<json request>' (SOFTHSM2_CONF set).
const pkcs11js = require("pkcs11js");

const request = JSON.parse(process.argv[2]);
const m = new pkcs11js.PKCS11();
m.load(request.library);
m.C_Initialize();
const codeOf = (e) => (/CKR_[A-Z_]+/.exec(String(e && e.message)) || [String(e)])[0];
const result = {};
try {
  const slot = m.C_GetSlotList(true).find((s) => m.C_GetTokenInfo(s).label.trimEnd() === request.tokenLabel);
  if (slot === undefined) throw new Error("no such token");
  const session = m.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  m.C_Login(session, pkcs11js.CKU_USER, request.pin);
  if (request.op === "inspect") {
    m.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }]);
    const handles = m.C_FindObjects(session, 100);
    m.C_FindObjectsFinal(session);
    const labels = handles.map((h) => m.C_GetAttributeValue(session, h, [{ type: pkcs11js.CKA_LABEL }])[0].value.toString());
    result.labels = labels;
    const handle = handles[labels.findIndex((l) => l.includes(request.label))];
    result.found = handle !== undefined;
    if (handle !== undefined) {
      const [sensitive, extractable, token] = m.C_GetAttributeValue(session, handle, [
        { type: pkcs11js.CKA_SENSITIVE },
        { type: pkcs11js.CKA_EXTRACTABLE },
        { type: pkcs11js.CKA_TOKEN },
      ]);
      result.sensitive = sensitive.value[0] === 1;
      result.extractable = extractable.value[0] === 1;
      result.token = token.value[0] === 1;
      try {
        const value = m.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }]);
        result.valueRead = value[0].value.length > 0 ? "READ" : "EMPTY";
      } catch (e) {
        result.valueRead = codeOf(e);
      }
      const wrappingKey = m.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
        { type: pkcs11js.CKA_TOKEN, value: false },
        { type: pkcs11js.CKA_WRAP, value: true },
      ]);
      try {
        m.C_WrapKey(session, { mechanism: pkcs11js.CKM_AES_KEY_WRAP }, wrappingKey, handle, Buffer.alloc(256));
        result.wrap = "WRAPPED";
      } catch (e) {
        result.wrap = codeOf(e);
      }
    }
  }
  try { m.C_Logout(session); } catch {}
  m.C_CloseSession(session);
} catch (e) {
  result.error = codeOf(e);
}
m.C_Finalize();
process.stdout.write(JSON.stringify(result));
