import sys

from investigator.entry import main

sys.exit(main())
