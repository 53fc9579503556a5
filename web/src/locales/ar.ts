/** Every area's strings in this language, merged: one chunk, loaded when the language is used. */
type Messages = Record<string, unknown>;
const files = import.meta.glob<{ default: Messages }>("./ar/*.json", { eager: true });
const messages: Messages = Object.assign({}, ...Object.values(files).map((file) => file.default));
export default messages;
