from datahub_seed.cli import main

main()
