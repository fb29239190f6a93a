#!/usr/bin/env python
import sys

from samen.cli import main

if __name__ == "__main__":
    sys.argv = ["samen", *sys.argv[1:]]
    main()
