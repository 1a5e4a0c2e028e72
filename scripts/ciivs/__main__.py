import sys

from ciivs.cli import main

sys.exit(main())
