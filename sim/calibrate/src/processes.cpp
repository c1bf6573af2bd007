#include "frontline/calibrate/processes.hpp"

#include <cstdlib>

#ifdef FRONTLINE_HAVE_MPI
#include <mpi.h>
#endif

#include "frontline/sweep/session.hpp"

namespace frontline {

namespace {

#ifdef FRONTLINE_HAVE_MPI
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}
#endif

}  // namespace

CalibrationProcesses::CalibrationProcesses() : rank_(sweep_process_rank()) {
#ifdef FRONTLINE_HAVE_MPI
  if (!launched_by_mpi()) return;
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    owner_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
#endif
}

CalibrationProcesses::~CalibrationProcesses() {
#ifdef FRONTLINE_HAVE_MPI
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (owner_ && !finalized) MPI_Finalize();
#endif
}

void CalibrationProcesses::barrier() const {
#ifdef FRONTLINE_HAVE_MPI
  if (owner_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

}  // namespace frontline
