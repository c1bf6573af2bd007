# Sourced by the test scripts that start mpirun: OpenMPI as root (CI runs as
# root), no single-copy shared memory (refused in containers), and LeakSanitizer
# quiet about OpenMPI's own leaks (docs/reliability.md).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
