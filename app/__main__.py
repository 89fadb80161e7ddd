from dualtui.cli import main

raise SystemExit(main())
