from dualtui.cli import entry

entry()
