/* TEMPORARY STUB */
window.ciivsYaml = { dump: function (data, shape, header) { return header + "\n" + window.jsyaml.dump(data, {lineWidth: -1}); } };
